"""Material's toggle checkboxes without the invalid autocomplete attribute, and still without
restored state in Firefox (issue 28, item 6): scschule.site.autocomplete and the portal plugin's
on_post_page/on_post_template. The Nu HTML Checker proves the built site valid
(tests/test_html_validity.py); these tests prove what was changed and what was left alone."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from quality.site import prebuilt_site
from scschule.site.autocomplete import FORM, FORM_ID, attach_autocomplete_to_form

# The start of Material 9.8's <body>, as base.html writes it.
MATERIAL_BODY = """<!doctype html><html lang="de"><head><title>t</title>
<script>var x = '<input type="checkbox" autocomplete="off">'</script></head>
  <body dir="ltr" data-md-color-scheme="default">
    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
    <label class="md-overlay" for="__drawer"></label>
    <form class="md-search__form" name="search">
      <input type="text" class="md-search__input" autocomplete="off" aria-label="Suche">
      <input type="checkbox" id="in-form" autocomplete="off">
    </form>
    <!-- <input type="checkbox" autocomplete="off"> -->
    <p>Text mit autocomplete="off" als Wort.</p>
  </body></html>"""


def test_material_toggles_get_a_form_owner_instead_of_the_attribute():
    out = attach_autocomplete_to_form(MATERIAL_BODY)
    expected = (MATERIAL_BODY
                .replace('data-md-color-scheme="default">', 'data-md-color-scheme="default">' + FORM, 1)
                .replace('id="__drawer" autocomplete="off">', f'id="__drawer" form="{FORM_ID}">')
                .replace('id="__search" autocomplete="off">', f'id="__search" form="{FORM_ID}">'))
    assert out == expected  # everything else byte for byte: script, comment, text, the search form


def test_the_form_is_a_valid_owner_that_turns_state_restoring_off():
    soup = BeautifulSoup(attach_autocomplete_to_form(MATERIAL_BODY), "html.parser")
    form = soup.find("form", id=FORM_ID)
    assert form is not None and form.get("autocomplete") == "off" and not form.contents
    body_children = [child for child in soup.body.children if getattr(child, "name", None)]
    assert body_children[0] is form, "das Formular muss vor den Schaltern stehen (Besitzer beim Einlesen bekannt)"
    for toggle in soup.select("input.md-toggle"):
        assert toggle.get("form") == FORM_ID and not toggle.has_attr("autocomplete"), toggle


def test_inputs_inside_a_form_or_of_text_types_keep_their_attribute():
    soup = BeautifulSoup(attach_autocomplete_to_form(MATERIAL_BODY), "html.parser")
    assert soup.find("input", class_="md-search__input")["autocomplete"] == "off"  # valid on text inputs
    assert soup.find("input", id="in-form")["autocomplete"] == "off"  # its form owner is not ours to change


@pytest.mark.parametrize("tag, expected", [
    ('<input type="checkbox" AUTOCOMPLETE="OFF" id="a">', f'<input type="checkbox" form="{FORM_ID}" id="a">'),
    ("<input type=radio autocomplete=off />", f'<input type=radio form="{FORM_ID}" />'),
    ('<input type="checkbox"\n       autocomplete = "off"\n       id="b">', f'<input type="checkbox" form="{FORM_ID}"\n       id="b">'),
    # an attribute value that looks like the attribute is not the attribute
    ("""<input title='x autocomplete="off" >' type="checkbox" autocomplete="off">""",
     f"""<input title='x autocomplete="off" >' type="checkbox" form="{FORM_ID}">"""),
    # repeated attribute: HTML reads the first; both go
    ('<input type="checkbox" autocomplete="off" autocomplete="on">', f'<input type="checkbox" form="{FORM_ID}">'),
])
def test_every_spelling_of_the_attribute_is_replaced(tag, expected):
    page = f"<!doctype html><html><body>\n{tag}\n</body></html>"
    assert attach_autocomplete_to_form(page) == f"<!doctype html><html><body>{FORM}\n{expected}\n</body></html>"


@pytest.mark.parametrize("page", [
    '<body><input type="checkbox" autocomplete="on"></body>',  # not "off": nothing to keep
    '<body><input type="checkbox" autocomplete="off" form="other"></body>',  # already has a form owner
    '<body><input type="search" autocomplete="off"></body>',  # valid there
    '<input type="checkbox" autocomplete="off"><body></body>',  # before <body>: no safe place for the form
    '<body><script>document.write(\'<input type="checkbox" autocomplete="off">\')</script></body>',
    '<body><textarea><input type="checkbox" autocomplete="off"></textarea></body>',
    "<body><p>nichts</p></body>",
])
def test_pages_without_an_input_to_change_are_returned_unchanged(page):
    assert attach_autocomplete_to_form(page) == page


def test_applying_it_twice_changes_nothing_more():
    once = attach_autocomplete_to_form(MATERIAL_BODY)
    assert attach_autocomplete_to_form(once) == once
    assert once.count(FORM) == 1


def test_every_built_page_has_valid_toggles_with_one_form_owner(request):
    """Pages (on_post_page) and theme-only templates such as 404.html (on_post_template)."""
    site = prebuilt_site() or request.getfixturevalue("built_site")
    pages = sorted(site.rglob("*.html"))
    assert any(page.name == "404.html" for page in pages)
    problems = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        toggles = soup.select("body > input.md-toggle")
        forms = soup.find_all("form", id=FORM_ID)
        if len(toggles) != 2 or len(forms) != 1 or forms[0].get("autocomplete") != "off":
            problems.append(f"{page.relative_to(site)}: {len(toggles)} Schalter, {len(forms)} Formulare {FORM_ID}")
        problems += [f"{page.relative_to(site)}: {toggle}" for toggle in toggles
                     if toggle.has_attr("autocomplete") or toggle.get("form") != FORM_ID]
    assert not problems, "\n".join(problems[:20])
