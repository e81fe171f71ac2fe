"""One site context per build: every capability reads the site address, the URL style,
the repository and the day from the same object, built once from mkdocs.yml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from projecttools import copy_project, run_build
from scschule.content.fences import block_key
from scschule.content.media import MEDIA_FENCE
from scschule.site.context import SiteContext
from scschule.widgets.spec import WIDGET_FENCE, WidgetSettings
from projecttools import ROOT
from projecttools import copy_region

OTHER_SITE = "https://anders.example/portal/"
OTHER_REPO = "https://gitlab.anders.example/schule/portal"


def load_mkdocs_config(root: Path, text: str):
    from mkdocs.config import load_config

    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Start\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    copy_region(root)
    return load_config(str(root / "mkdocs.yml"))


def test_the_site_context_is_read_from_mkdocs_yml(tmp_path):
    from scschule.site.build import site_context

    config = load_mkdocs_config(tmp_path, "site_name: Testportal\nsite_url: https://anders.example/portal\n"
                                          f"repo_url: {OTHER_REPO}\nuse_directory_urls: false\nsite_author: Redaktion\n"
                                          "markdown_extensions:\n  - toc:\n      permalink: true\n  - admonition\n")
    site = site_context(config, date(2027, 3, 1))
    assert site.site_url == OTHER_SITE  # with the slash MkDocs and SiteUrls both add
    assert (site.directory_urls, site.repo_url, site.today) == (False, OTHER_REPO, date(2027, 3, 1))
    assert (site.site_name, site.site_author) == ("Testportal", "Redaktion")
    assert site.urls.absolute("leitfaeden/open-data/") == OTHER_SITE + "leitfaeden/open-data/index.html"
    assert 'class="headerlink"' in site.markdown_factory()().convert("## Teil")  # the site's extensions
    assert site_context(config).today == date.today()


def test_without_site_url_absolute_addresses_are_refused_in_german():
    site = SiteContext()
    with pytest.raises(ValueError, match="site_url fehlt in mkdocs.yml; Feeds und E-Mails brauchen absolute Adressen"):
        site.require_site_url("Feeds und E-Mails")
    with pytest.raises(ValueError, match="site_url fehlt"):
        site.absolute("schuelerzeitung/")


def test_pdfs_take_the_site_context(tmp_path):
    from scschule.guides.pdf import PdfRenderer
    from scschule.taxonomy import load_taxonomy

    site = SiteContext(OTHER_SITE, directory_urls=False, markdown_extensions=("toc",))
    renderer = PdfRenderer(tmp_path, load_taxonomy(ROOT), site)
    assert renderer.urls == site.urls
    assert renderer.urls.absolute("leitfaeden/x/") == OTHER_SITE + "leitfaeden/x/index.html"
    assert isinstance(renderer.markdown_factory(), markdown.Markdown)
    # Without a site_url, a PDF links absolute paths of the site (as before the site context).
    assert PdfRenderer(tmp_path, load_taxonomy(ROOT), SiteContext()).urls.absolute("leitfaeden/x/") == "/leitfaeden/x/"


@pytest.fixture(scope="module")
def other_site(tmp_path_factory) -> Path:
    """The project built with another site_url, file URLs and a GitLab repository."""
    root = copy_project(tmp_path_factory.mktemp("context") / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for old, new in (("site_url: https://schule.smartcities-suedwestfalen.example/\n", f"site_url: {OTHER_SITE}\n"),
                     ("use_directory_urls: true\n", "use_directory_urls: false\n"),
                     ("# repo_url: https://github.com/<organisation>/<repository>\n", f"repo_url: {OTHER_REPO}\n"),
                     ("  - scschule\n", '  - scschule:\n      today: "2027-03-01"\n'),
                     ("  - scschule-guides\n", "  - scschule-guides:\n      pdf: false\n")):
        assert old in text, old
        text = text.replace(old, new, 1)
    config.write_text(text, encoding="utf-8")
    (root / "courses" / "termine.yml").write_text(
        "events:\n  - id: referat-olpe\n    title: Referat in Olpe\n    kind: referat\n"
        "    start: 2027-04-08T15:00\n    end: 2027-04-08T16:30\n    place: Olpe\n"
        "    description: Beispieltermin für Tests.\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_capability_reads_the_same_site_context(other_site):
    # Generated pages (taxonomy, guides, registry): HTML-block links in file style.
    bundle = _soup(other_site / "massnahmenbuendel" / "m01" / "index.html")
    assert any(a["href"].endswith(".html") and "leitfaeden/" in a["href"] for a in bundle.select("a[href]"))
    assert not any(a["href"].endswith("/") and "leitfaeden/" in a["href"] for a in bundle.select("article a[href]"))
    catalogue = _soup(other_site / "leitfaeden" / "index.html")
    assert any(a["href"].endswith("/index.html") for a in catalogue.select("article a[href]"))
    # The repository: every intake form links to the GitLab of the site context.
    for page in ("kommunen/index.html", "schuelerzeitung/index.html", "termine/index.html"):
        links = [a["href"] for a in _soup(other_site / page).select("a[href]")]
        assert any(href.startswith(OTHER_REPO + "/-/issues/new") for href in links), page
    # The calendar: the site's host and the page's address in file style.
    ics = (other_site / "termine" / "termine.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert f"{OTHER_SITE}termine/index.html" in ics and "@anders.example" in ics
    # The feeds: absolute addresses below the site_url, in file style.
    rss = (other_site / "schuelerzeitung" / "rss.xml").read_text(encoding="utf-8")
    assert f"<link>{OTHER_SITE}schuelerzeitung/index.html</link>" in rss
    assert "smartcities-suedwestfalen.example" not in rss


def test_the_build_day_comes_from_the_site_context(other_site):
    # `today: 2027-03-01`: the calendar's stamp is that day, as the portal's publishing rule uses it.
    ics = (other_site / "termine" / "termine.ics").read_text(encoding="utf-8")
    assert "DTSTAMP:20270301" in ics


def test_a_widget_setting_of_the_wrong_type_is_a_german_problem_with_its_line(project):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      data_budget: 10\n" in text
    config.write_text(text.replace("      data_budget: 10\n", "      data_budget: viel\n"), encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("      data_budget: viel") + 1
    result = run_build(project)
    assert result.returncode != 0
    assert f"mkdocs.yml:{line}: data_budget: Zahl erwartet" in result.stderr, result.stderr[-2000:]
    assert "Einstellungen von scschule-widgets in mkdocs.yml sind fehlerhaft." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("module, name", [("scschule.widgets.plugin", "WidgetsConfig"),
                                          ("scschule.guides.plugin", "GuidesConfig"),
                                          ("scschule.media.plugin", "MediaConfig")])
def test_a_plugin_config_is_derived_from_its_capability_settings_schema(module, name):
    import importlib

    from scschule.portal import CAPABILITIES

    config_class = getattr(importlib.import_module(module), name)
    capability = next(c for c in CAPABILITIES if c.settings is not None and config_class.__name__.startswith(
        c.settings.__name__))
    config = config_class()
    assert set(config) == set(capability.settings.model_fields)
    assert all(value is None for value in config.values())  # the defaults live in the schema only
    assert WidgetSettings().data_budget == 15.0


def test_every_plugin_has_one_capability_descriptor_and_every_fence_is_configured():
    import tomllib

    from scschule.portal import CAPABILITIES, COLLECTIONS

    root = Path(__file__).resolve().parent.parent
    entry_points = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    plugins = set(entry_points["mkdocs.plugins"]) - {"scschule"}  # the core plugin is no capability
    assert sorted(c.plugin for c in CAPABILITIES) == sorted(plugins)
    assert [c for capability in CAPABILITIES for c in capability.collections] == list(COLLECTIONS)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    for capability in (c for c in CAPABILITIES if c.fence is not None):
        assert f"- name: {capability.fence.name}\n" in text, capability.fence.name


@pytest.mark.parametrize("plugin, option, wrong, message", [
    ("scschule-guides", "pdf", "vielleicht", "pdf: true oder false erwartet"),
    ("scschule-media", "max_size_mb", "groß", "max_size_mb: Zahl erwartet"),
])
def test_a_capability_option_of_the_wrong_type_is_a_german_problem_with_its_line(project, plugin, option, wrong,
                                                                                  message):
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"- {plugin}"))
    lines[index] = f"  - {plugin}:"
    lines.insert(index + 1, f"      {option}: {wrong}")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert f"mkdocs.yml:{index + 2}: {message}" in result.stderr, result.stderr[-2000:]
    assert f"Einstellungen von {plugin} in mkdocs.yml sind fehlerhaft." in result.stderr
    assert "Traceback" not in result.stderr


def test_one_block_key_for_every_slot_fence():
    body = "kind: entity\nsource: demo\ntitle: Parkplatz\n"
    spaced = "  kind:   entity\n  title: Parkplatz\n  source: demo\n"
    assert block_key(body) == block_key(spaced)
    for fence in (MEDIA_FENCE, WIDGET_FENCE):
        slot = fence.format(spaced, fence.name, "", {}, None)
        assert fence.keys_in(f"<p>x</p>{slot}") == {block_key(body)}
        assert fence.fill(slot, lambda key, found: f"<b>{key}</b>") == f"<b>{block_key(body)}</b>"


def test_the_email_edition_without_site_url_is_refused_in_german(tmp_path):
    import subprocess
    import sys

    from newsletter_fixtures import SITE_URL, TODAY, newsletter_project

    project = newsletter_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert f"site_url: {SITE_URL}\n" in text
    config.write_text(text.replace(f"site_url: {SITE_URL}\n", ""), encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "scschule.cli", "newsletter", "email", "2", "--out", str(out),
                             "--today", TODAY], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert "mkdocs.yml: site_url fehlt in mkdocs.yml; Feeds und E-Mails brauchen absolute Adressen" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
