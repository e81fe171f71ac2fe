"""The e-mail edition of an issue: self-contained HTML (inline CSS, table layout,
absolute links) plus a plain-text alternative, ready for the mailing tool."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import jinja2
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..content.problems import ContentError, error
from ..content import german
from ..taxonomy import Taxonomy
from .model import Issue
from .pages import ARCHIVE_URL, cover_dest
from .render import SiteSettings, body_html, cover_html

FONT = "font-family:Arial, Helvetica, sans-serif;"
LINK = "color:#0b5c47; text-decoration:underline;"
# Mail clients drop <style> blocks, so every element of the body gets its style inline.
STYLES = {
    "p": "margin:0 0 16px 0;",
    "h2": f"margin:24px 0 12px 0; font-size:20px; line-height:26px; color:#07402f; {FONT}",
    "h3": f"margin:20px 0 8px 0; font-size:17px; line-height:24px; color:#07402f; {FONT}",
    "h4": f"margin:16px 0 8px 0; font-size:16px; line-height:22px; color:#07402f; {FONT}",
    "a": LINK,
    "ul": "margin:0 0 16px 0; padding:0 0 0 24px;",
    "ol": "margin:0 0 16px 0; padding:0 0 0 24px;",
    "li": "margin:0 0 6px 0;",
    "dl": "margin:0 0 16px 0;",
    "dt": "font-weight:bold; margin:8px 0 0 0;",
    "dd": "margin:0 0 8px 16px;",
    "blockquote": "margin:0 0 16px 0; padding:0 0 0 12px; border-left:4px solid #0b5c47; color:#33403c;",
    "img": "display:block; max-width:100%; height:auto; border:0; margin:0 0 16px 0;",
    "table": "border-collapse:collapse; width:100%; margin:0 0 16px 0; font-size:14px;",
    "th": "border:1px solid #b7c4bf; padding:6px 8px; text-align:left; background-color:#eef2f0;",
    "td": "border:1px solid #b7c4bf; padding:6px 8px; vertical-align:top;",
    "code": "font-family:Consolas, 'Courier New', monospace; background-color:#eef2f0; padding:0 2px;",
    "pre": "font-family:Consolas, 'Courier New', monospace; background-color:#eef2f0; padding:8px; white-space:pre-wrap;",
    "hr": "border:0; border-top:1px solid #b7c4bf; margin:24px 0;",
    "details": "margin:0 0 16px 0;",
    "div": "margin:0 0 16px 0;",
}
# Active or embedded content has no place in an e-mail.
DROPPED = ("script", "style", "iframe", "object", "embed", "form", "noscript", "link", "meta")
TEXT_WIDTH = 72


@dataclass(frozen=True)
class Edition:
    html: str
    text: str


def email_edition(issue: Issue, taxonomy: Taxonomy, settings: SiteSettings) -> Edition:
    heading = f"Ausgabe {issue.number}: {issue.meta.title}"
    body = inline_styles(cover_html(issue, settings, cover_dest(issue)) + body_html(issue, settings))
    meta = issue.meta
    topics = [
        (label, links) for label, links in (
            ("Handlungsfelder", [(taxonomy.handlungsfelder[x].title, settings.absolute(taxonomy.handlungsfelder[x].url))
                                 for x in meta.handlungsfelder]),
            ("Maßnahmenbündel", [(f"{x} {taxonomy.bundles[x].title}", settings.absolute(taxonomy.bundles[x].url))
                                 for x in meta.bundles]),
            ("Kommunen", [(taxonomy.municipalities[x].name, settings.absolute(taxonomy.municipalities[x].url))
                          for x in meta.municipalities]),
        ) if links
    ]
    footer = [("Impressum", settings.absolute("impressum/")), ("Datenschutz", settings.absolute("datenschutz/")),
              ("RSS-Feed", settings.absolute("schuelerzeitung/rss.xml"))]
    html = _environment().get_template("email.html").render(
        heading=heading, issue=issue, meta=meta, body=body, topics=topics, footer=footer,
        permalink=settings.absolute(issue.url), archive=settings.absolute(ARCHIVE_URL),
        site_name=settings.site_name, font=FONT,
    )
    return Edition(html, plain_text(heading, issue, body, topics, settings))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader(__package__, "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["german_date"] = german.long_date
    return env


def inline_styles(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    for tag in soup.find_all(True):
        for name in [n for n in tag.attrs if n.lower().startswith("on")]:
            del tag[name]  # event handlers are scripts too
        style = STYLES.get(tag.name)
        if style:
            tag["style"] = style + (" " + tag["style"] if tag.get("style") else "")
        if tag.name == "img" and tag.get("alt") is None:
            tag["alt"] = ""
    return str(soup)


def plain_text(heading: str, issue: Issue, body: str, topics: list, settings: SiteSettings) -> str:
    meta = issue.meta
    parts = [
        f"{settings.site_name} · Schülerzeitung · Ausgabe {issue.number} vom {german.long_date(issue.date)}",
        underline(heading, "="),
        _wrap(meta.summary),
        f"Von {', '.join(meta.authors)}\nIm Browser lesen: {settings.absolute(issue.url)}",
        *html_blocks(BeautifulSoup(body, "html.parser")),
    ]
    if topics:
        parts.append(underline("Themen dieser Ausgabe", "-"))
        parts += [f"{label}:\n" + "\n".join(f"- {text} <{url}>" for text, url in links) for label, links in topics]
    parts.append(f"Alle Ausgaben: {settings.absolute(ARCHIVE_URL)}\n"
                 f"Impressum: {settings.absolute('impressum/')}\nDatenschutz: {settings.absolute('datenschutz/')}")
    return "\n\n".join(p for p in parts if p) + "\n"


def underline(text: str, char: str) -> str:
    return f"{text}\n{char * len(text)}"


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    return textwrap.fill(" ".join(text.split()), TEXT_WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def html_blocks(node: Tag, indent: str = "") -> list[str]:
    """Block elements of ``node`` as plain-text paragraphs."""
    blocks: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.strip():
                blocks.append(_wrap(child, indent))
            continue
        name = child.name
        if name in ("h1", "h2"):
            blocks.append(underline(inline_text(child), "-" if name == "h2" else "="))
        elif name in ("h3", "h4", "h5", "h6"):
            blocks.append(inline_text(child).upper())
        elif name in ("ul", "ol"):
            items = []
            for number, item in enumerate(child.find_all("li", recursive=False), start=1):
                bullet = f"{number}. " if name == "ol" else "- "
                nested = [c for c in item.find_all(["ul", "ol"], recursive=False)]
                for sub in nested:
                    sub.extract()
                items.append(_wrap(inline_text(item), indent + "  ", indent + bullet))
                for sub in nested:
                    wrapper = BeautifulSoup("", "html.parser").new_tag("div")
                    wrapper.append(sub)
                    items += html_blocks(wrapper, indent + "  ")
            blocks.append("\n".join(items))
        elif name == "blockquote":
            inner = "\n\n".join(html_blocks(child))
            blocks.append("\n".join(f"> {line}".rstrip() for line in inner.splitlines()))
        elif name == "pre":
            blocks.append(child.get_text().rstrip("\n"))
        elif name == "table":
            rows = [" | ".join(inline_text(cell) for cell in row.find_all(["th", "td"])) for row in child.find_all("tr")]
            blocks.append("\n".join(indent + row for row in rows))
        elif name == "hr":
            blocks.append("-" * 20)
        elif name == "img":
            blocks.append(f"{indent}[Bild: {child.get('alt', '')}]")
        elif name in ("div", "details", "section", "dl", "dd", "figure"):
            blocks += html_blocks(child, indent)
        else:  # p, dt, summary, figcaption and stray inline elements
            text = inline_text(child)
            if text:
                blocks.append(_wrap(text, indent))
    return blocks


def inline_text(node: Tag) -> str:
    """Text of an inline run; links as 'text <url>', images as their alt text."""
    out: list[str] = []

    def walk(parent: Tag) -> None:
        for element in parent.children:
            if isinstance(element, Comment):
                continue
            if isinstance(element, NavigableString):
                out.append(str(element))
            elif element.name == "a":
                text, href = " ".join(element.get_text().split()), element.get("href", "")
                out.append(f"{text} <{href}>" if href and href != text else text)
            elif element.name == "img":
                out.append(f"[Bild: {element.get('alt', '')}]")
            else:
                walk(element)

    walk(node)
    return " ".join("".join(out).split())


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
