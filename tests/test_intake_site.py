"""Links from the site to the forms: /kommunen/, every municipality (pre-filled), the newsletter
archive and /termine/; only when mkdocs.yml sets repo_url; plain links, no JavaScript."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from projecttools import copy_project, run_build, built_page
from test_registry_site import TEILNEHMER  # Brilon as a Teilnehmerkommune
from scschule.content.issueforms import parse
from scschule.courses.pages import calendar_pages, renderer_for
from scschule.newsletter.pages import newsletter_pages
from scschule.portal import load_portal
from scschule.registry.intake import registration_form
from scschule.registry.pages import registry_pages
from scschule.site.context import SiteContext
from scschule.site.pages import PageRenderer
from scschule.site.urls import new_issue_url
from scschule.taxonomy import load_taxonomy
from projecttools import ROOT
from projecttools import region_taxonomy

REGISTRATION_FORM = registration_form(load_taxonomy(ROOT))

GITHUB = "https://github.com/beispiel/smartcities-schule"
GITLAB = "https://gitlab.example.org/schule/portal.git"
TODAY = date(2026, 12, 1)


@pytest.fixture
def portal(project):
    (project / "municipalities" / "brilon.yml").write_text(TEILNEHMER, encoding="utf-8")
    return load_portal(project, today=TODAY, taxonomy=region_taxonomy())


def pages(portal, repo_url):
    generated = registry_pages(portal, PageRenderer("scschule.registry", SiteContext(repo_url=repo_url)))
    generated += newsletter_pages(portal, PageRenderer("scschule.newsletter", SiteContext(repo_url=repo_url)))
    generated += calendar_pages(portal, renderer_for("scschule.courses", SiteContext(repo_url=repo_url)))
    return {page.src_uri: page.text for page in generated}


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_github_links_open_the_forms_prefilled_with_name_and_ags(portal):
    text = pages(portal, GITHUB)
    assert f"({GITHUB}/issues/new?template=kommune-anmelden.yml)" in text["kommunen/index.md"]
    assert f"({GITHUB}/issues/new?template=beitrag-schuelerzeitung.yml)" in text["schuelerzeitung/index.md"]
    assert f"({GITHUB}/issues/new?template=termin-melden.yml)" in text["termine/index.md"]
    # Not registered: "anmelden", with name, AGS and title filled in.
    winterberg = text["kommunen/winterberg/index.md"]
    url = winterberg.split("[Winterberg mit dem Formular anmelden](", 1)[1].split(")", 1)[0]
    assert query(url) == {"template": "kommune-anmelden.yml", "title": "Anmeldung: Winterberg",
                          "kommune": "Winterberg", "ags": "05958048"}
    # A Teilnehmerkommune: the status change; a Pionierkommune: no form link.
    assert "[Beschluss von Brilon mit dem Formular melden](" in text["kommunen/brilon/index.md"]
    assert "issues/new" not in text["kommunen/olpe/index.md"]


def test_gitlab_links_use_the_template_or_the_prefilled_description(portal):
    text = pages(portal, GITLAB)
    base = "https://gitlab.example.org/schule/portal/-/issues/new?"
    assert f"({base}issuable_template=Kommune%20anmelden)" in text["kommunen/index.md"]
    assert "(Formular auf GitLab;" in text["termine/index.md"]
    page = text["kommunen/winterberg/index.md"]
    url = page.split("[Winterberg mit dem Formular anmelden](", 1)[1].split(")", 1)[0]
    assert url.startswith(base)
    description = query(url)["issue[description]"]
    answers = parse(REGISTRATION_FORM, description, urlsplit(url).path)
    assert (answers.text("kommune"), answers.text("ags")) == ("Winterberg", "05958048")


def test_without_repo_url_no_page_links_a_form(portal):
    for src, text in pages(portal, None).items():
        assert "issues/new" not in text and "Formular" not in text, src
    assert new_issue_url(None, REGISTRATION_FORM) is None
    assert new_issue_url("", REGISTRATION_FORM) is None


def test_real_build_with_repo_url_links_the_forms_and_asks_no_forge_api(tmp_path):
    root = copy_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("- scschule-guides\n", "- scschule-guides:\n      pdf: false\n", 1)
    config.write_text(f"repo_url: {GITLAB}\n" + text, encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    for url in ("kommunen/", "kommunen/winterberg/", "schuelerzeitung/", "termine/"):
        page = built_page(root / "site", url)
        assert page.select('a[href^="https://gitlab.example.org/schule/portal/-/issues/new?"]'), url
        # Material's data-md-component="source" would make its script call the forge's API on every visit.
        assert page.select("a.md-source") and not page.select('[data-md-component="source"]'), url
