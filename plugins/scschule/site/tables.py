"""Markdown extension: tables whose top-left header cell is empty get row headers.

Editors write a comparison table in plain Markdown with an empty corner (``| | A | B |``); the
first cell of each row is then that row's label. Python-Markdown writes the labels as ``<td>`` and
the corner as an empty ``<th>``, which screen readers and checkers (IBM, Lighthouse, HTML_CodeSniffer)
rightly report. Here the corner becomes an empty ``<td>``, the column headers get ``scope="col"`` and
each row's first cell becomes ``<th scope="row">``. Registered in mkdocs.yml (``scschule.site.tables``),
so every page and every archived guide version is rendered the same way without editing its source.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


def _is_empty(cell: etree.Element) -> bool:
    return not "".join(cell.itertext()).strip() and len(cell) == 0


class RowHeaders(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            header = table.find("thead/tr")
            if header is None or not len(header) or header[0].tag != "th" or not _is_empty(header[0]):
                continue
            header[0].tag = "td"
            for cell in list(header)[1:]:
                cell.set("scope", "col")
            for row in table.iterfind("tbody/tr"):
                if len(row) and row[0].tag == "td":
                    row[0].tag = "th"
                    row[0].set("scope", "row")


class RowHeaderExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (priority 20), so that the cells' content is final.
        md.treeprocessors.register(RowHeaders(md), "scschule_row_headers", 5)


def makeExtension(**kwargs) -> RowHeaderExtension:  # noqa: N802 - Python-Markdown's entry point name
    return RowHeaderExtension(**kwargs)
