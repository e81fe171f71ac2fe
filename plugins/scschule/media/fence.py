"""The ``pymdownx.superfences`` custom fence ``medien``, as mkdocs.yml names it.

The fence itself is described once (:data:`content.media.MEDIA_FENCE`, a
:class:`~scschule.content.fences.SlotFence`): the formatter leaves a slot that the
``scschule-media`` plugin fills after conversion.
"""

from __future__ import annotations

from ..content.media import MEDIA_FENCE


def format_media(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    return MEDIA_FENCE.format(source, language, css_class, options, md, **kwargs)
