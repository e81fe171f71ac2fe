"""The ``pymdownx.superfences`` custom fence ``datenplattform``.

A fence formatter is a plain function without access to the build, so it only leaves
a slot; the ``scschule-widgets`` plugin fills the slot with the widget's HTML after
all widgets of all pages were fetched at once.
"""

from __future__ import annotations

import re

from .spec import block_key

SLOT = re.compile(r'<div class="scs-widget-slot" data-scs-widget="(?P<key>[0-9a-f]{20})">.*?</div>', re.S)


def slot(key: str) -> str:
    return (f'<div class="scs-widget-slot" data-scs-widget="{key}">'
            "<p>Daten-Widget (wird beim Erstellen der Website eingesetzt).</p></div>")


def format_widget(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    return slot(block_key(source))
