"""The ``pymdownx.superfences`` custom fence ``medien``.

A fence formatter has no access to the build (files, duration, page address), so it
leaves a slot; the ``scschule-media`` plugin fills it with the player after conversion.
Without the plugin (e.g. a PDF converter) the slot says what is missing instead.
"""

from __future__ import annotations

import re

from ..content.media import block_key

SLOT = re.compile(r'<div class="scs-media-slot" data-scs-media="(?P<key>[0-9a-f]{20})">.*?</div>', re.S)


def slot(key: str) -> str:
    return (f'<div class="scs-media-slot" data-scs-media="{key}">'
            "<p>Video oder Audio (wird beim Erstellen der Website eingesetzt).</p></div>")


def format_media(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    return slot(block_key(source))
