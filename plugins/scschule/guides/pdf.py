"""PDF download of every guide version, rendered with WeasyPrint and cached by content.

Rendering is by far the slowest step of a build, so each PDF is stored under
``.cache/scschule/pdf/<key>.pdf`` (the shared :class:`~scschule.site.cache.ContentCache`)
where the key hashes everything that shapes the PDF: the version's file, whether it
is the current one, its online address, its authors' names from the taxonomy, the
files beside the guide, the HTML template, the stylesheet, this module, the
WeasyPrint version and the Markdown setup. An unchanged guide is never rendered again.
The site address in the key is mkdocs.yml's ``site_url``, never the address of
``mkdocs serve``: the preview finds the PDFs the last published build rendered.

WeasyPrint (and with it Pango) is imported only when a PDF is rendered, so the
preview (:meth:`PdfRenderer.cached`) runs where WeasyPrint cannot be loaded.

The PDFs are PDF/UA-1 (WeasyPrint's PDF variant): tagged, with ``/Lang`` from the
template's ``lang``, the title as ``/Title`` and in the XMP metadata.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import jinja2
import markdown

from ..site.cache import CACHE_ROOT, ContentCache, files_digest
from ..site.context import SiteContext
from ..site.urls import SiteUrls
from ..content import german
from ..content.media import load_media, replace_blocks, scan_markdown, text_alternative, transcript_text
from ..taxonomy import Taxonomy
from .model import Guide, GuideVersion

log = logging.getLogger("mkdocs.plugins.scschule.guides")

CACHE_NAME = "pdf"
CACHE_DIR = CACHE_ROOT / CACHE_NAME
_TEMPLATE = "pdf.html"
_STYLESHEET = "pdf.css"
PDF_VARIANT = "pdf/ua-1"


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


def _weasyprint_version() -> str:
    """Part of the cache key, read from the installed package's metadata (no import)."""
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:  # a preview without WeasyPrint renders no PDF anyway
        return "none"


class PdfRenderer:
    """Renders guide versions to PDF, reusing cached files whose inputs did not change."""

    def __init__(self, project: Path, taxonomy: Taxonomy, site: SiteContext,
                 markdown_factory: Callable[[], markdown.Markdown] | None = None, markdown_setup: str | None = None):
        """``markdown_factory`` and ``markdown_setup`` default to the site's Markdown extensions."""
        self.taxonomy = taxonomy
        self.project = project
        # Without a site_url the PDF's links are absolute paths of the site ("/leitfaeden/…").
        directory_urls = site.directory_urls
        self.urls = SiteUrls(directory_urls, site.site_url or "/")
        self.site_url = self.urls.site_url
        self.markdown_factory = markdown_factory or site.markdown_factory()
        markdown_setup = site.markdown_setup if markdown_setup is None else markdown_setup
        package = resources.files(__package__) / "templates"
        self.template_text = (package / _TEMPLATE).read_text(encoding="utf-8")
        self.css_text = (resources.files(__package__) / "assets" / _STYLESHEET).read_text(encoding="utf-8")
        # What every PDF shares: template, stylesheet, this module, WeasyPrint and the Markdown setup.
        self.cache = ContentCache(project, CACHE_NAME, self.template_text, self.css_text, Path(__file__),
                                  _weasyprint_version(), self.site_url, directory_urls, markdown_setup)
        self._weasyprint = None
        self._template: jinja2.Template | None = None

    @property
    def rendered(self) -> int:
        return self.cache.misses

    @property
    def reused(self) -> int:
        return self.cache.hits

    @property
    def template(self) -> jinja2.Template:
        """The PDF's HTML template, compiled on the first render (a build with every PDF cached needs none)."""
        if self._template is None:
            env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
            env.filters["german_date"] = german.long_date
            self._template = env.from_string(self.template_text)
        return self._template

    @property
    def weasyprint(self):
        if self._weasyprint is None:
            import weasyprint  # imported on the first cache miss: loading it alone takes seconds

            self._weasyprint = weasyprint
        return self._weasyprint

    def cache_key(self, job: PdfJob) -> str:
        """Everything one PDF shows: the version's file, whether it is current, its online address,
        its authors' names (taxonomy) and the files beside the guide it may embed."""
        guide, version = job.guide, job.version
        folder = guide.source.path.parent
        return self.cache.key(version.source.text, version.meta.version == guide.meta.version,
                              guide.version_url(version.meta.version), "\0".join(self.author_names(version.meta)),
                              files_digest(p for p in folder.iterdir() if p.is_file() and p.suffix != ".md"),
                              self.media_digest(version))

    def cached(self, job: PdfJob) -> Path | None:
        """The job's PDF if a build rendered it already, else None; never renders (the preview's path)."""
        path = self.cache.path(self.cache_key(job), ".pdf")
        if path.is_file():
            self.cache.hits += 1
            return path
        self.cache.misses += 1
        return None

    def provide(self, job: PdfJob) -> Path:
        """Path of the job's PDF, rendering it only on a cache miss."""
        return self.cache.provide(self.cache_key(job), lambda: self.render(job), ".pdf")

    def render(self, job: PdfJob) -> bytes:
        guide, version = job.guide, job.version
        meta = version.meta
        html = self.template.render(
            meta=meta,
            authors=self.author_names(meta),
            body=self.body_html(guide, version),
            css=self.css_text,
            online=self.urls.absolute(guide.version_url(meta.version)),
            reading_minutes=version.reading_minutes,
            current=meta.version == guide.meta.version,
        )
        fetcher = self.weasyprint.URLFetcher(allowed_protocols={"file", "data"})  # offline: no network, ever
        document = self.weasyprint.HTML(string=html, base_url=str(version.source.path.parent) + "/", url_fetcher=fetcher)
        # PDF/UA-1: tagged, with XMP metadata declaring pdfuaid:part 1 and the title shown by viewers.
        return document.write_pdf(pdf_variant=PDF_VARIANT)

    def author_names(self, meta) -> list[str]:
        names = []
        for slug in meta.authors.municipalities:
            place = self.taxonomy.municipalities.get(slug)
            names.append(place.name if place else slug)
        return names + list(meta.authors.organisations)

    def media_digest(self, version: GuideVersion) -> str:
        """What the version's media blocks put into the PDF: their options, size and transcript."""
        blocks = scan_markdown(version.body, version.source.path)
        return "\0".join(f"{b.body}\0{transcript_text(self.project, m.spec) if m else ''}\0{m.size if m else ''}"
                          for b in blocks for m in [load_media(self.project, b)[0]])

    def media_as_text(self, block) -> str | None:
        """A media block in the PDF: a link to the file and the transcript (a PDF has no player)."""
        media = load_media(self.project, block)[0]
        return None if media is None else text_alternative(self.project, media, media.absolute_url(self.site_url))

    def body_html(self, guide: Guide, version: GuideVersion) -> str:
        body = replace_blocks(version.body, version.source.path, self.media_as_text)
        html = self.markdown_factory().convert(body)
        # Links become absolute links to the online portal; images stay files beside the guide.
        return self.urls.absolutize(html, self.urls.absolute(guide.url), keep_embedded=True)
