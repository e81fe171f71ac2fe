"""The ``pymdownx.superfences`` custom fence ``datenplattform``, as mkdocs.yml names it.

The fence itself is described once (:data:`spec.WIDGET_FENCE`, a
:class:`~scschule.content.fences.SlotFence`): the formatter leaves a slot that the
``scschule-widgets`` plugin fills after conversion.
"""

from __future__ import annotations

from .spec import WIDGET_FENCE


def format_widget(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    return WIDGET_FENCE.format(source, language, css_class, options, md, **kwargs)
