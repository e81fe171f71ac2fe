"""PDF download of every guide version, rendered with WeasyPrint and cached by content.

Rendering is by far the slowest step of a build, so each PDF is stored under
``.cache/scschule/pdf/<key>.pdf`` where the key hashes everything that shapes the
PDF: the guide file, the HTML template, the stylesheet, the WeasyPrint version
and the Markdown setup. An unchanged guide is never rendered again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import markdown

from ..site.pages import german_date
from ..taxonomy import Taxonomy
from .model import Guide, GuideVersion

log = logging.getLogger("mkdocs.plugins.scschule.guides")

CACHE_DIR = Path(".cache") / "scschule" / "pdf"
_TEMPLATE = "pdf.html"
_STYLESHEET = "pdf.css"
_HREF = re.compile(r'href="([^"#:]+\.md)(#[^"]*)?"')


@dataclass(frozen=True)
class PdfJob:
    """One PDF to provide: which version of which guide, and where it goes."""

    guide: Guide
    version: GuideVersion
    dest_uri: str  # in the site, e.g. "leitfaeden/open-data/open-data-1.1.0.pdf"


def pdf_uri(guide: Guide, version: str) -> str:
    return f"{guide.url}{guide.slug}-{version}.pdf"


def jobs_for(guides: tuple[Guide, ...]) -> list[PdfJob]:
    return [PdfJob(g, v, pdf_uri(g, v.version)) for g in guides for v in g.versions]


class PdfRenderer:
    """Renders guide versions to PDF, reusing cached files whose inputs did not change."""

    def __init__(self, cache_dir: Path, taxonomy: Taxonomy, site_url: str,
                 markdown_factory: Callable[[], markdown.Markdown], markdown_setup: str = ""):
        import weasyprint  # imported here: a build with `pdf: false` never loads it

        self.weasyprint = weasyprint
        self.cache_dir = cache_dir
        self.taxonomy = taxonomy
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.markdown_factory = markdown_factory
        package = resources.files(__package__) / "templates"
        self.template_text = (package / _TEMPLATE).read_text(encoding="utf-8")
        self.css_text = (resources.files(__package__) / "assets" / _STYLESHEET).read_text(encoding="utf-8")
        env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
        env.filters["german_date"] = german_date
        self.template = env.from_string(self.template_text)
        # What every PDF shares; combined with each guide file's text into its key.
        self.fingerprint = hashlib.sha256(
            "\0".join([self.template_text, self.css_text, weasyprint.__version__, self.site_url, markdown_setup]).encode()
        ).hexdigest()
        self.rendered = self.reused = 0

    def cache_path(self, job: PdfJob) -> Path:
        digest = hashlib.sha256(f"{self.fingerprint}\0{job.version.source.text}".encode()).hexdigest()
        return self.cache_dir / f"{digest}.pdf"

    def provide(self, job: PdfJob) -> Path:
        """Path of the job's PDF, rendering it only on a cache miss."""
        path = self.cache_path(job)
        if path.is_file():
            self.reused += 1
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(self.render(job))
        partial.replace(path)  # atomic: a cancelled build never leaves half a PDF in the cache
        self.rendered += 1
        return path

    def render(self, job: PdfJob) -> bytes:
        guide, version = job.guide, job.version
        meta = version.meta
        html = self.template.render(
            meta=meta,
            authors=self.author_names(meta),
            body=self.body_html(guide, version),
            css=self.css_text,
            online=self.site_url + guide.version_url(meta.version),
            reading_minutes=version.reading_minutes,
            current=meta.version == guide.meta.version,
        )
        fetcher = self.weasyprint.URLFetcher(allowed_protocols={"file", "data"})  # offline: no network, ever
        document = self.weasyprint.HTML(string=html, base_url=str(version.source.path.parent) + "/", url_fetcher=fetcher)
        return document.write_pdf(pdf_tags=True)

    def author_names(self, meta) -> list[str]:
        names = []
        for slug in meta.authors.municipalities:
            place = self.taxonomy.municipalities.get(slug)
            names.append(place.name if place else slug)
        return names + list(meta.authors.organisations)

    def body_html(self, guide: Guide, version: GuideVersion) -> str:
        html = self.markdown_factory().convert(version.body)
        # Links to other portal pages become absolute links to the online portal.
        here = guide.url

        def absolute(match: re.Match) -> str:
            target = posixpath.normpath(posixpath.join(here, match.group(1)))
            url = target.removesuffix("index.md").removesuffix(".md")
            if url and not url.endswith("/"):
                url += "/"
            return f'href="{self.site_url}{url}{match.group(2) or ""}"'

        return _HREF.sub(absolute, html)


def markdown_factory(config) -> tuple[Callable[[], markdown.Markdown], str]:
    """A fresh Markdown converter with the site's extensions, and a text describing the setup."""
    extensions = list(config.markdown_extensions)
    configs = dict(config.mdx_configs)
    names = sorted(e if isinstance(e, str) else type(e).__name__ for e in extensions)
    # Objects in the configs (e.g. custom fences) are keyed by type, not by address.
    setup = json.dumps([names, configs], default=lambda o: type(o).__name__, sort_keys=True)

    def make() -> markdown.Markdown:
        return markdown.Markdown(extensions=extensions, extension_configs=configs)

    return make, setup
