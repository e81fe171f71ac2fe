"""Material's toggle checkboxes without the autocomplete attribute HTML does not allow there
(issue 28, item 6): scschule.site.autocomplete and the portal plugin's on_post_page and
on_post_template. The Nu HTML Checker proves the built site valid (tests/test_html_validity.py);
these tests prove what was changed and what was left alone. That the toggles still start
closed after Firefox restored them is tested in tests/browser/test_quality_browser.py."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from quality.site import prebuilt_site
from scschule.site.autocomplete import remove_invalid_autocomplete

# The start of Material 9.8's <body>, as base.html writes it, and the header's search field.
MATERIAL_BODY = """<!doctype html><html lang="de"><head><title>t <input type="checkbox" autocomplete="off"></title>
<script>var x = '<input type="checkbox" autocomplete="off">'</script></head>
  <body dir="ltr" data-md-color-scheme="default">
    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
    <label class="md-overlay" for="__drawer"></label>
    <form class="md-search__form" name="search">
      <input type="text" class="md-search__input" autocomplete="off" aria-label="Suche">
    </form>
    <!-- <input type="checkbox" autocomplete="off"> -->
    <p>Text mit autocomplete="off" als Wort.</p>
  </body></html>"""


def test_material_toggles_lose_the_attribute_and_nothing_else_changes():
    out = remove_invalid_autocomplete(MATERIAL_BODY)
    expected = (MATERIAL_BODY.replace('id="__drawer" autocomplete="off">', 'id="__drawer">')
                .replace('id="__search" autocomplete="off">', 'id="__search">'))
    assert out == expected  # byte for byte: title, script, comment, text and the search field stay


def test_the_attribute_stays_where_html_allows_it():
    soup = BeautifulSoup(remove_invalid_autocomplete(MATERIAL_BODY), "html.parser")
    assert soup.find("input", class_="md-search__input")["autocomplete"] == "off"
    assert [box.has_attr("autocomplete") for box in soup.select("input.md-toggle")] == [False, False]


@pytest.mark.parametrize("tag, expected", [
    ('<input type="checkbox" AUTOCOMPLETE="OFF" id="a">', '<input type="checkbox" id="a">'),
    ("<input type=radio autocomplete=off />", "<input type=radio />"),
    ('<input type="submit" autocomplete="on" value="Los">', '<input type="submit" value="Los">'),
    ('<input type="checkbox"\n       autocomplete = "off"\n       id="b">', '<input type="checkbox"\n       id="b">'),
    ('<input autocomplete="off" type="checkbox" type="text">', '<input type="checkbox" type="text">'),
    # an attribute value that looks like the attribute is not the attribute
    ("""<input title='x autocomplete="off" >' type="checkbox" autocomplete="off">""",
     """<input title='x autocomplete="off" >' type="checkbox">"""),
    ('<input type="checkbox" autocomplete="off" autocomplete="on">', '<input type="checkbox">'),
])
def test_every_spelling_of_the_attribute_is_removed(tag, expected):
    page = f"<!doctype html><html><body>\n<p>{tag}</p>\n</body></html>"
    assert remove_invalid_autocomplete(page) == f"<!doctype html><html><body>\n<p>{expected}</p>\n</body></html>"


@pytest.mark.parametrize("page", [
    '<body><input type="search" autocomplete="off"></body>',  # valid there
    '<body><input autocomplete="off"></body>',  # no type: a text field
    '<body><input type="text" type="checkbox" autocomplete="off"></body>',  # the first type counts
    '<body><script>document.write(\'<input type="checkbox" autocomplete="off">\')</script></body>',
    '<body><textarea><input type="checkbox" autocomplete="off"></textarea></body>',
    '<body><input type="checkbox" data-autocomplete="off"></body>',
    "<body><p>nichts</p></body>",
])
def test_pages_without_an_input_to_change_are_returned_unchanged(page):
    assert remove_invalid_autocomplete(page) == page


def test_every_built_page_has_both_toggles_without_the_attribute(request):
    """Pages (on_post_page) and theme-only templates such as 404.html (on_post_template)."""
    site = prebuilt_site() or request.getfixturevalue("built_site")
    pages = sorted(site.rglob("*.html"))
    assert any(page.name == "404.html" for page in pages)
    problems = []
    for page in pages:
        toggles = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("body > input.md-toggle")
        if len(toggles) != 2 or any(toggle.has_attr("autocomplete") for toggle in toggles):
            problems.append(f"{page.relative_to(site)}: {toggles}")
    assert not problems, "\n".join(problems[:20])
