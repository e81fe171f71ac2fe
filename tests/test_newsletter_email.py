"""The e-mail edition against hostile issue text: nh3 sanitises, css-inline inlines,
inscriptis writes the plain text. Nothing active, no foreign URL scheme, the readable text kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import html as lxml_html

from newsletter_fixtures import PNG, SITE_URL, write_issues
from test_newsletter import FIXED_TODAY, SETTINGS, portal_at
from scschule.newsletter.email import email_edition, sanitized

HOSTILE = """\
---
issue: 1
date: 2025-11-20
title: Feindliche <b>Ausgabe</b> & "Zitat"
summary: Zusammenfassung <script>zusammenfassung()</script>.
authors: [Redaktion]
municipalities: [olpe]
---

## Gefährliche Links

[Klick](javascript:alert(1)), [Groß](JaVaScRiPt:alert(2)), [Sicher](https://example.com/sicher) und [Post](mailto:redaktion@example.org).

<p><a href="&#106;avascript:alert(3)">kodiert</a> <a href=" javascript:alert(4)">mit Leerzeichen</a>
<a href="vbscript:msgbox(5)">vb</a> <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==">daten</a>
<a href="java&#x09;script:alert(13)">mit Tab</a></p>

<p style="background:url(javascript:alert(8))" onmouseover="alert(9)">Text mit Stil</p>

<img src="bild.png" onerror="alert(7)" alt="Ein Bild">

<svg><script>alert(10)</script></svg>

<iframe src="https://example.com/"></iframe>

<form action="https://example.com/"><input name="q"><button formaction="javascript:alert(14)">Los</button></form>

<meta http-equiv="refresh" content="0;url=https://example.com/">

<base href="https://example.com/">

<style>p { color: red }</style>

<link rel="stylesheet" href="https://example.com/x.css">

<object data="x.swf"></object>

<!-- <script>alert(11)</script> -->

<math><mi xlink:href="javascript:alert(12)">x</mi></math>

<table><tr><th>Spalte</th></tr><tr><td onclick="alert(15)">Zelle</td></tr></table>

Letzter Absatz mit Text, der bleiben muss.
"""

ACTIVE = ("script", "style", "iframe", "form", "input", "button", "base", "link", "object", "embed", "svg", "math")


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    root = tmp_path_factory.mktemp("feindlich")
    (root / "newsletter" / "2026").mkdir(parents=True)  # write_issues puts its test image there
    write_issues(root, {"2025/01-feindlich.md": HOSTILE})
    (root / "newsletter/2025/bild.png").write_bytes(PNG)
    portal = portal_at(root)
    [issue] = portal.issues
    return email_edition(issue, portal.taxonomy, SETTINGS)


def urls_of(document) -> list[str]:
    return [value for element in document.iter() if isinstance(element.tag, str)
            for name, value in element.attrib.items() if name in ("href", "src", "action", "formaction", "cite", "data")]


def test_no_active_content_survives(edition):
    document = lxml_html.document_fromstring(edition.html)
    assert not [e.tag for e in document.iter() if isinstance(e.tag, str) and e.tag in ACTIVE]
    assert [e.get("charset") or e.get("name") for e in document.iter("meta")] == ["utf-8", "viewport"]  # the frame's own
    handlers = [(e.tag, name) for e in document.iter() if isinstance(e.tag, str) for name in e.attrib
                if name.lower().startswith("on")]
    assert handlers == []
    lowered = edition.html.lower()
    for marker in ("javascript", "vbscript", "data:text", "alert(", "msgbox", "<!--"):
        assert marker not in lowered, marker


def test_only_web_and_mail_addresses_remain(edition):
    urls = urls_of(lxml_html.document_fromstring(edition.html))
    assert urls and all(re.match(r"(https://|mailto:)", u) for u in urls), [u for u in urls if not u.startswith("https")]
    assert "https://example.com/sicher" in urls and "mailto:redaktion@example.org" in urls
    assert SITE_URL + "schuelerzeitung/1/bild.png" in urls  # the image, made absolute, kept


def test_the_readable_text_is_kept(edition):
    text = BeautifulSoup(edition.html, "html.parser").get_text(" ")
    for words in ("Klick", "Groß", "kodiert", "mit Leerzeichen", "vb", "daten", "mit Tab", "Text mit Stil", "Zelle",
                  "Letzter Absatz mit Text, der bleiben muss."):
        assert words in text, words
    # Title and summary are text, escaped by the template, never markup.
    heading = BeautifulSoup(edition.html, "html.parser").h1
    assert heading.get_text() == 'Ausgabe 1: Feindliche <b>Ausgabe</b> & "Zitat"' and heading.find("b") is None
    summary = BeautifulSoup(edition.html, "html.parser").find("p", string=re.compile("^Zusammenfassung"))
    assert summary.get_text() == "Zusammenfassung <script>zusammenfassung()</script>."


def test_styles_are_inlined_from_the_stylesheet(edition):
    document = BeautifulSoup(edition.html, "html.parser")
    assert not document.find_all("style")
    body = document.select_one(".scs-mail-body")
    link = body.find("a", string="Sicher")
    assert "color: #0b5c47" in link["style"] and "text-decoration: underline" in link["style"]
    assert "border-left: 4px solid #0b5c47" not in str(body)  # no blockquote here: rules apply only where they match
    assert all("margin" in p["style"] for p in body.find_all("p"))
    assert "border: 1px solid #b7c4bf" in body.find("td")["style"]
    styled = body.find("p", string="Text mit Stil")
    assert "javascript" not in styled.get("style", "") and "background" not in styled.get("style", "")


def test_plain_text_has_no_markup_and_no_hostile_links(edition):
    text = edition.text
    for marker in ("javascript", "vbscript", "alert(", "<p", "<a ", "data:text"):
        assert marker.lower() not in text.lower(), marker
    assert "Zusammenfassung <script>zusammenfassung()</script>." in text  # plain text shows the summary as written
    assert "Gefährliche Links" in text and "Letzter Absatz mit Text, der bleiben muss." in text
    assert "[Sicher](https://example.com/sicher)" in text
    assert "Spalte" in text and "Zelle" in text
    assert f"Olpe <{SITE_URL}kommunen/olpe/>" in text  # the topics, from the taxonomy


@pytest.mark.parametrize("hostile, kept", [
    ('<a href="javascript:alert(1)">x</a>', "<a rel=\"noopener noreferrer\">x</a>"),
    ('<a href="/relativ">x</a>', "<a rel=\"noopener noreferrer\">x</a>"),  # dead in a mail
    ('<img src="https://example.org/a.png" alt="A" onload="x()">', '<img src="https://example.org/a.png" alt="A">'),
    ('<p>vor<script>alert(1)</script>nach</p>', "<p>vornach</p>"),
    ('<a href="https://example.org/" target="_blank" style="color:red">x</a>',
     '<a href="https://example.org/" rel="noopener noreferrer">x</a>'),
])
def test_sanitiser_rules(hostile, kept):
    assert sanitized(hostile) == kept
