"""HTML validity of every built page, checked by the W3C's Nu HTML Checker (issue 15, section 2).

One JVM over all pages plus one canary page with known errors: the canary proves that the
checker ran and reports what it should; every other error must be the theme's and listed, with
its reason, in tests/quality/vnu-allowlist.toml.
"""

from __future__ import annotations

import pytest

from quality.site import prebuilt_site
from quality.validators import VNU_ALLOWLIST, run_vnu, vnu_allowlist

# What the header search looked like before it became a valid combobox, and an unescaped
# placeholder: both must be reported, or the check proves nothing.
CANARY = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Kanarienvogel</title></head>
<body><form role="search"><label for="q">Suche</label>
<input type="search" id="q" role="combobox" aria-expanded="false"></form>
<table><tr><td>/kommunen/<slug>/</td></tr></table>
<time datetime="2020-01-24T12:01:22.066000+00:00">24.01.2020</time></body></html>
"""
CANARY_ERRORS = ("on element “input”",
                 "“slug” element is a completely-unknown element",
                 "A fraction of a second must be one, two, or three digits")


@pytest.fixture(scope="module")
def vnu_report(request, tmp_path_factory):
    site = prebuilt_site() or request.getfixturevalue("built_site")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20, f"{site}: nur {len(pages)} HTML-Seiten gebaut"
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    messages = run_vnu([canary, *pages])
    return site, pages, canary.resolve(), messages


def test_the_checker_runs_and_finds_known_errors(vnu_report):
    _, _, canary, messages = vnu_report
    found = [m.message for m in messages if m.file == canary]
    missing = [error for error in CANARY_ERRORS if not any(error in message for message in found)]
    assert not missing, f"vnu meldet bekannte Fehler der Prüfseite nicht: {missing}; gemeldet: {found}"


def test_every_built_page_is_valid_html(vnu_report):
    site, pages, canary, messages = vnu_report
    allowed = vnu_allowlist()
    errors = [m for m in messages if m.file != canary and not any(a.covers(m) for a in allowed)]
    shown = "\n".join(error.where(site) for error in errors[:40])
    assert not errors, f"{len(errors)} HTML-Fehler (Nu HTML Checker) in {len(pages)} Seiten:\n{shown}"


def test_every_allowlist_entry_is_still_needed(vnu_report):
    site, _, canary, messages = vnu_report
    theirs = [m for m in messages if m.file != canary]
    stale = [entry.reason.split("\n", 1)[0] for entry in vnu_allowlist() if not any(entry.covers(m) for m in theirs)]
    assert not stale, f"{VNU_ALLOWLIST.name}: Einträge ohne passenden Fehler, bitte streichen: {stale}"


def test_allowlist_entries_match_only_the_theme_markup_they_name(tmp_path):
    """An allowed message in the project's own markup is still an error."""
    page = tmp_path / "own.html"
    page.write_text('<!doctype html><html lang="de"><head><meta charset="utf-8"><title>t</title></head><body>'
                    '<input type="checkbox" id="x" autocomplete="off" aria-label="x"></body></html>', encoding="utf-8")
    messages = run_vnu([page])
    assert messages, "vnu meldet autocomplete auf einer Checkbox nicht"
    assert not any(entry.covers(m) for entry in vnu_allowlist() for m in messages), \
        "die Ausnahmeliste deckt auch Fehler außerhalb von Materials Markup"


def test_an_allowlist_entry_without_reason_is_refused(tmp_path):
    broken = tmp_path / "allow.toml"
    broken.write_text('[[allowed]]\nmessage = "x"\nextract = "y"\nreason = " "\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="kein Grund"):
        vnu_allowlist(broken)
