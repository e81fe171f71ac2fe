"""The preview (``mkdocs serve``) renders no PDF and runs without WeasyPrint (issue 29, point 2).

A serve build is the engine's own ``build`` after ``on_startup(command="serve")``, at a serve
address, as ``properdocs serve`` runs it, in a fresh Python process in which WeasyPrint cannot
be imported (as on a laptop without Pango). It must build, never import WeasyPrint, say on the
guide page that the PDF is made when the site is published, and, once a published build
rendered the PDFs, ship exactly those: their cache key holds mkdocs.yml's site_url, never the
serve address.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from projecttools import run_build

GUIDE = "open-data-mit-ckan"  # a guide with an archived version

SERVE_BUILD = """
import json, sys
sys.modules["weasyprint"] = None  # unimportable, as without Pango: importing it raises ImportError
import properdocs.replacement  # mkdocs.* is properdocs.*, as under `properdocs serve`
from properdocs.commands.build import build
from properdocs.config import load_config
import scschule, scschule.plugin, scschule.guides.plugin, scschule.guides.pdf, scschule.cli

root, port = sys.argv[1], sys.argv[2]
config = load_config(config_file=f"{root}/mkdocs.yml", site_dir=f"{root}/preview")
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = f"http://127.0.0.1:{port}/"  # what serve does before the first build
build(config, serve_url=config.site_url)
config.plugins.on_shutdown()
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("weasyprint", "pydyf") and sys.modules[m])))
"""


def serve_build(root: Path, port: int) -> list[str]:
    shutil.rmtree(root / "preview", ignore_errors=True)
    result = subprocess.run([sys.executable, "-c", SERVE_BUILD, str(root), str(port)], cwd=root,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def guide_page(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "leitfaeden" / GUIDE / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_preview_renders_no_pdf_needs_no_weasyprint_and_ships_the_published_pdfs(project):
    shutil.rmtree(project / ".cache" / "scschule" / "pdf", ignore_errors=True)
    assert serve_build(project, 8101) == []  # WeasyPrint was never imported
    preview = project / "preview"
    assert not list(preview.rglob("*.pdf"))
    page = guide_page(preview)
    assert not page.select(".scs-pdf-link")
    assert "Das PDF dieser Version entsteht, wenn die Website veröffentlicht wird" in page.select_one(
        ".scs-pdf-pending").get_text()

    published = run_build(project)  # a production build renders every PDF
    assert published.returncode == 0, published.stderr
    pdfs = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*.pdf"))
    assert pdfs

    assert serve_build(project, 8102) == []  # another serve address: the same keys, nothing rendered
    assert sorted(p.relative_to(preview) for p in preview.rglob("*.pdf")) == pdfs
    for pdf in pdfs:
        assert (preview / pdf).read_bytes() == (project / "site" / pdf).read_bytes()
    page = guide_page(preview)
    assert page.select(".scs-pdf-link") and not page.select(".scs-pdf-pending")


def test_a_changed_guide_keeps_its_published_pdfs_and_says_the_new_one_comes_with_publishing(project):
    shutil.rmtree(project / ".cache" / "scschule" / "pdf", ignore_errors=True)
    published = run_build(project)
    assert published.returncode == 0, published.stderr
    source = project / "guides" / GUIDE / "index.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEin neuer Satz in der Vorschau.\n", encoding="utf-8")
    assert serve_build(project, 8103) == []
    page = guide_page(project / "preview")
    assert "Ein neuer Satz in der Vorschau." in page.get_text()
    assert page.select_one(".scs-pdf-pending") and not page.select(".scs-pdf-link")
    # The archived versions did not change: their published PDFs are still in the preview.
    assert list((project / "preview" / "leitfaeden" / GUIDE).glob(f"{GUIDE}-*.pdf"))
