"""Valid HTML for inputs that carry ``autocomplete="off"`` where HTML does not allow it.

Material's ``base.html`` writes ``autocomplete="off"`` on its two toggle checkboxes
(``#__drawer``, ``#__search``) right after ``<body>``, outside any template block, so
``overrides/`` cannot change them without copying all of ``base.html``. HTML allows the
attribute only on text-like inputs (the Nu HTML Checker reports it on every page), but it
is not dead markup: Firefox keeps the checked state of checkboxes across a reload unless
the input, or its form owner, says ``autocomplete="off"`` (Mozilla bug 654072) — without
it, a reload would reopen the menu or the search. The ``form`` attribute makes an empty
form the owner without moving the input. So each such input gets ``form="…"`` instead of
the attribute, and one empty ``<form autocomplete="off">`` is written right after
``<body>``, before the inputs: valid HTML, the same behaviour.

The inputs are found by the standard library's HTML tokenizer (scripts, comments and
attribute values cannot be mistaken for tags); only the attribute's own characters are
replaced, the rest of the page stays byte for byte as it was. The tokenizer stops at the
line of the page's last ``autocomplete``, which on a portal page is in the header.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

FORM_ID = "scs-no-restore"
FORM = f'<form id="{FORM_ID}" autocomplete="off"></form>'

# Input types on which HTML forbids the autocomplete attribute (HTML Living Standard, the
# input element's "bookkeeping details"); for the others the attribute is valid and stays.
NO_AUTOCOMPLETE_TYPES = frozenset({"checkbox", "radio", "file", "submit", "image", "reset", "button"})

# One attribute of a start tag: leading space, name, optional value (quoted values may hold
# spaces and '>', so they are consumed whole and never read as attributes).
_ATTRIBUTE = re.compile(r"""(\s*)([^\s/>"'=][^\s/>"'=]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_TAG_NAME = re.compile(r"<[A-Za-z][^\s/>]*")
# Elements whose content is text to the browser; Python 3.11's tokenizer reads tags in them.
_TEXT_ONLY = frozenset({"textarea", "title"})


class _Stop(Exception):
    """Raised by the tokenizer's handler once it is past the last candidate."""


class _Finder(HTMLParser):
    """Records the ``<body>`` start tag and the inputs after it to change, as (line, column, tag text)."""

    def __init__(self, last_line: int) -> None:
        super().__init__(convert_charrefs=False)
        self.last_line = last_line
        self.body: tuple[int, int, str] | None = None
        self.inputs: list[tuple[int, int, str]] = []
        self.open_forms = 0
        self.in_text: str | None = None  # the open textarea or title element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        if line > self.last_line:
            raise _Stop
        if self.in_text:
            return
        if tag in _TEXT_ONLY:
            self.in_text = tag
        elif tag == "body" and self.body is None:
            self.body = (line, column, self.get_starttag_text())
        elif tag == "form":
            self.open_forms += 1
        elif tag == "input" and self.body is not None and not self.open_forms and _restores_no_state(attrs):
            self.inputs.append((line, column, self.get_starttag_text()))

    def handle_endtag(self, tag: str) -> None:
        if tag == self.in_text:
            self.in_text = None
        elif tag == "form" and not self.in_text:
            self.open_forms = max(0, self.open_forms - 1)


def _restores_no_state(attrs: list[tuple[str, str | None]]) -> bool:
    """An input outside any form, of a type that forbids autocomplete, with autocomplete="off"."""
    values: dict[str, str] = {}
    for name, value in attrs:
        values.setdefault(name, (value or "").strip().lower())  # HTML: the first of a repeated attribute counts
    return (values.get("type") in NO_AUTOCOMPLETE_TYPES and values.get("autocomplete") == "off"
            and "form" not in values)


def _without_autocomplete(tag: str) -> str | None:
    """The start tag with its autocomplete attribute(s) replaced by the form attribute, or None."""
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
    for number, (start, stop) in enumerate(spans):
        out.append(tag[kept:start])
        if number == 0:
            out.append(f' form="{FORM_ID}"')
        kept = stop
    out.append(tag[kept:])
    return "".join(out)


def attach_autocomplete_to_form(html: str) -> str:
    """The page with every state-less input outside a form moved onto one ``autocomplete="off"`` form.

    Only inputs after the ``<body>`` start tag are changed: the form goes right after it,
    where flow content is always allowed. Pages without such an input are returned unchanged.
    """
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
    edits = []  # (offset, length of the old text, new text)
    for line, column, tag in finder.inputs:
        offset = line_starts[line - 1] + column
        changed = _without_autocomplete(tag) if html.startswith(tag, offset) else None
        if changed is not None:
            edits.append((offset, len(tag), changed))
    if not edits:
        return html
    line, column, body = finder.body
    edits.append((line_starts[line - 1] + column + len(body), 0, FORM))
    for offset, length, text in sorted(edits, reverse=True):
        html = html[:offset] + text + html[offset + length:]
    return html


def _line_starts(html: str, lines: int) -> list[int]:
    """Offsets of the first ``lines`` lines, counted as the tokenizer counts them (by "\\n")."""
    starts = [0]
    while len(starts) < lines:
        starts.append(html.index("\n", starts[-1]) + 1)
    return starts
