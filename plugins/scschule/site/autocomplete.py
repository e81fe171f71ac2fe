"""Valid HTML where the theme writes ``autocomplete`` on inputs that do not take it.

Material's ``base.html`` writes ``autocomplete="off"`` on its two toggle checkboxes
(``#__drawer``, ``#__search``) right after ``<body>``, outside any template block, so
``overrides/`` cannot change them without copying all of ``base.html``. HTML allows the
attribute only on text-like inputs; the Nu HTML Checker reports it twice on every page.
The attribute is not quite dead: Firefox keeps a checkbox's checked state across a reload
unless it says ``autocomplete="off"`` (Mozilla bug 654072). The portal's own script
(``docs/assets/portal.js``) therefore closes both toggles when a page loads, and the
attribute goes. (Moving it to an empty ``<form autocomplete="off">`` as the toggles' form
owner would be valid too, but HTML_CodeSniffer reports every form without a submit button.)

The inputs are found by the standard library's HTML tokenizer (scripts, comments and
attribute values cannot be mistaken for tags); only the attribute's own characters are
removed, the rest of the page stays byte for byte as it was. The tokenizer stops at the
line of the page's last ``autocomplete``, which on a portal page is in the header.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Input types on which HTML forbids the autocomplete attribute (HTML Living Standard, the
# input element's "bookkeeping details"); on the others it is valid and stays.
NO_AUTOCOMPLETE_TYPES = frozenset({"checkbox", "radio", "file", "submit", "image", "reset", "button"})

# One attribute of a start tag: leading space, name, optional value (quoted values may hold
# spaces and '>', so they are consumed whole and never read as attributes).
_ATTRIBUTE = re.compile(r"""(\s*)([^\s/>"'=][^\s/>"'=]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_TAG_NAME = re.compile(r"<[A-Za-z][^\s/>]*")
# Elements whose content is text to a browser; Python 3.11's tokenizer reads tags in them.
_TEXT_ONLY = frozenset({"textarea", "title"})


class _Stop(Exception):
    """Raised by the tokenizer's handler once it is past the last candidate."""


class _Finder(HTMLParser):
    """Records the input start tags to change, as (line, column, tag text)."""

    def __init__(self, last_line: int) -> None:
        super().__init__(convert_charrefs=False)
        self.last_line = last_line
        self.inputs: list[tuple[int, int, str]] = []
        self.in_text: str | None = None  # the open textarea or title element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        if line > self.last_line:
            raise _Stop
        if self.in_text:
            return
        if tag in _TEXT_ONLY:
            self.in_text = tag
        elif tag == "input" and _forbids_autocomplete(attrs):
            self.inputs.append((line, column, self.get_starttag_text()))

    def handle_endtag(self, tag: str) -> None:
        if tag == self.in_text:
            self.in_text = None


def _forbids_autocomplete(attrs: list[tuple[str, str | None]]) -> bool:
    """An input with an autocomplete attribute and a type that does not allow it."""
    names = [name for name, _ in attrs]
    types = [(value or "").strip().lower() for name, value in attrs if name == "type"]
    return "autocomplete" in names and bool(types) and types[0] in NO_AUTOCOMPLETE_TYPES  # HTML: the first counts


def _without_autocomplete(tag: str) -> str | None:
    """The start tag without its autocomplete attribute(s), or None if the tag has none."""
    name = _TAG_NAME.match(tag)
    if name is None:
        return None
    spans, position, end = [], name.end(), len(tag)
    while position < end:
        attribute = _ATTRIBUTE.match(tag, position)
        if attribute is None or attribute.end() == position:
            position += 1  # '/', '>' or a stray character between attributes
            continue
        if attribute.group(2).lower() == "autocomplete":
            spans.append(attribute.span())
        position = attribute.end()
    if not spans:
        return None
    out, kept = [], 0
    for start, stop in spans:
        out.append(tag[kept:start])
        kept = stop
    out.append(tag[kept:])
    return "".join(out)


def remove_invalid_autocomplete(html: str) -> str:
    """The page without ``autocomplete`` on inputs whose type does not allow it; unchanged if there is none."""
    last = html.lower().rfind("autocomplete")
    if last < 0:
        return html
    finder = _Finder(last_line=html.count("\n", 0, last) + 1)
    try:
        finder.feed(html)
        finder.close()
    except _Stop:
        pass
    if not finder.inputs:
        return html
    line_starts = _line_starts(html, max(line for line, _, _ in finder.inputs))
    edits = []  # (offset, the old tag, the new tag)
    for line, column, tag in finder.inputs:
        offset = line_starts[line - 1] + column
        changed = _without_autocomplete(tag) if html.startswith(tag, offset) else None
        if changed is not None:
            edits.append((offset, tag, changed))
    for offset, tag, changed in reversed(edits):
        html = html[:offset] + changed + html[offset + len(tag):]
    return html


def _line_starts(html: str, lines: int) -> list[int]:
    """Offsets of the first ``lines`` lines, counted as the tokenizer counts them (by "\\n")."""
    starts = [0]
    while len(starts) < lines:
        starts.append(html.index("\n", starts[-1]) + 1)
    return starts
