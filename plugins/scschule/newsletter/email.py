"""The e-mail edition of an issue: self-contained HTML (inline CSS, table layout,
absolute links) plus a plain-text alternative, ready for the mailing tool.

Maintained libraries do the risky parts: nh3 (the Ammonia sanitiser) keeps only harmless
tags, attributes and URL schemes of the issue's text, css-inline writes the stylesheet
into style attributes, and inscriptis turns the text into plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import css_inline
import jinja2
import nh3
from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

from ..content.problems import ContentError, error
from ..content import german
from ..site.context import SiteContext
from ..taxonomy import Taxonomy
from .model import Issue
from .pages import ARCHIVE_URL, RSS_PATH, cover_dest
from .render import NEEDS_SITE_URL, body_html, cover_html

FONT = "font-family:Arial, Helvetica, sans-serif;"
# Links in an e-mail lead to web pages or addresses; javascript:, data: and the like are dropped.
URL_SCHEMES = {"https", "http", "mailto"}
# Ammonia's default tags, less image maps (their links would escape the check above).
BODY_TAGS = set(nh3.ALLOWED_TAGS) - {"map", "area"}
# Active or embedded content is removed with everything inside it.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}
TEXT_CONFIG = ParserConfig(css=CSS_PROFILES["strict"], display_links=True, display_images=True)


@dataclass(frozen=True)
class Edition:
    html: str
    text: str


def email_edition(issue: Issue, taxonomy: Taxonomy, site: SiteContext) -> Edition:
    site.require_site_url(NEEDS_SITE_URL)
    heading = issue.heading
    body = sanitized(cover_html(issue, site, cover_dest(issue)) + body_html(issue, site))
    meta = issue.meta
    topics = [
        (label, links) for label, links in (
            ("Handlungsfelder", [(taxonomy.handlungsfelder[x].title, site.absolute(taxonomy.handlungsfelder[x].url))
                                 for x in meta.handlungsfelder]),
            ("Maßnahmenbündel", [(f"{x} {taxonomy.bundles[x].title}", site.absolute(taxonomy.bundles[x].url))
                                 for x in meta.bundles]),
            ("Kommunen", [(taxonomy.municipalities[x].name, site.absolute(taxonomy.municipalities[x].url))
                          for x in meta.municipalities]),
        ) if links
    ]
    footer = [("Impressum", site.absolute("impressum/")), ("Datenschutz", site.absolute("datenschutz/")),
              ("RSS-Feed", site.absolute(RSS_PATH))]
    html = _environment().get_template("email.html").render(
        heading=heading, issue=issue, meta=meta, body=body, topics=topics, footer=footer,
        permalink=site.absolute(issue.url), archive=site.absolute(ARCHIVE_URL),
        site_name=site.site_name, font=FONT,
    )
    return Edition(inline_css(html), plain_text(heading, issue, body, topics, site))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader(__package__, "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["german_date"] = german.long_date
    return env


def sanitized(html: str) -> str:
    """The issue's text with only harmless markup: no scripts, handlers, styles or foreign schemes.

    Every URL is absolute by now (see :mod:`.render`); one still relative would be dead in a mail.
    """
    return nh3.clean(html, tags=BODY_TAGS, clean_content_tags=DROPPED_WITH_CONTENT,
                     url_schemes=URL_SCHEMES, url_relative="deny")


def inline_css(html: str) -> str:
    """Write ``email.css`` into style attributes; nothing is ever loaded from the network."""
    stylesheet = (resources.files(__package__) / "templates" / "email.css").read_text(encoding="utf-8")
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False,
                                    extra_css=stylesheet)
    return inliner.inline(html)


def plain_text(heading: str, issue: Issue, body: str, topics: list, site: SiteContext) -> str:
    meta = issue.meta
    parts = [
        f"{site.site_name} · Schülerzeitung · Ausgabe {issue.number} vom {german.long_date(issue.date)}",
        underline(heading, "="),
        " ".join(meta.summary.split()),
        f"Von {', '.join(meta.authors)}\nIm Browser lesen: {site.absolute(issue.url)}",
        get_text(body, TEXT_CONFIG).strip("\n"),
    ]
    if topics:
        parts.append(underline("Themen dieser Ausgabe", "-"))
        parts += [f"{label}:\n" + "\n".join(f"- {text} <{url}>" for text, url in links) for label, links in topics]
    parts.append(f"Alle Ausgaben: {site.absolute(ARCHIVE_URL)}\n"
                 f"Impressum: {site.absolute('impressum/')}\nDatenschutz: {site.absolute('datenschutz/')}")
    return "\n\n".join(p for p in parts if p.strip()) + "\n"


def underline(text: str, char: str) -> str:
    return f"{text}\n{char * len(text)}"


def write_edition(edition: Edition, number: int, out: Path, *, force: bool = False) -> list[Path]:
    """Write ``<n>.html`` and ``<n>.txt``; without ``force`` nothing existing is overwritten."""
    targets = {out / f"{number}.html": edition.html, out / f"{number}.txt": edition.text}
    if not force:
        for path in targets:
            if path.exists():
                raise ContentError(error(path, 0, "Datei gibt es schon; sie wird nur mit --force überschrieben"))
    out.mkdir(parents=True, exist_ok=True)
    for path, content in targets.items():
        path.write_text(content, encoding="utf-8")
    return list(targets)
