"""Every source path -> URL computation of the portal, with and without directory URLs.

Items know their place in the site as a directory-style *site path*
(``leitfaeden/open-data/``, the same in both URL styles); this module turns site
paths, Markdown sources (``kommunen/olpe/index.md``) and file paths
(``schuelerzeitung/rss.xml``) into the URLs MkDocs gives them, relative between
pages or absolute for feeds, PDFs and e-mails. Pages, PDFs, feeds, the registry map
and the e-mail edition all use it, so no capability computes a URL on its own.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html import escape as html_escape
from urllib.parse import quote, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from ..content.issueforms import Form, gitlab_template

# Attributes that carry a URL; srcset is handled separately.
URL_ATTRIBUTES = {"a": "href", "img": "src", "source": "src", "video": "src", "audio": "src",
                  "track": "src", "link": "href", "area": "href"}
LINK_ELEMENTS = frozenset({"a", "area"})


def src_of(target: str) -> str:
    """Markdown source of a site path: 'kommunen/olpe/' -> 'kommunen/olpe/index.md'."""
    if target.endswith(".md"):
        return target
    return posixpath.join(target, "index.md") if target else "index.md"


def url_of_source(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the page built from ``src_uri`` ('a/b.md' -> 'a/b/'; '' for the home page).

    The same rule as ``mkdocs.structure.files.File.url`` (a test keeps them equal), as
    string work: it runs for every link of every generated page.
    """
    folder, name = posixpath.split(src_uri)
    stem = name[:-3] if name.endswith(".md") else name
    if stem in ("index", "README"):
        if directory_urls:
            return f"{folder}/" if folder else ""
        return posixpath.join(folder, "index.html")
    if directory_urls:
        return posixpath.join(folder, stem) + "/"
    return posixpath.join(folder, stem + ".html")


def site_url(target: str, directory_urls: bool = True) -> str:
    """Site URL of a link target given as a site path ('kommunen/olpe/'), a source ('x.md') or a file."""
    if not target or target.endswith("/") or target.endswith(".md"):
        return url_of_source(src_of(target), directory_urls)
    return target


def relative_link(from_src: str, to_target: str) -> str:
    """Markdown link from the page whose source is ``from_src`` to the source of ``to_target``.

    MkDocs resolves and validates such links itself, in both URL styles.
    """
    target, _, anchor = to_target.partition("#")
    rel = relpath(src_of(target), posixpath.dirname(from_src) or ".")
    return f"{rel}#{anchor}" if anchor else rel


def relative_url(from_page_url: str, to_url: str) -> str:
    """URL of ``to_url`` relative to the page at ``from_page_url`` (both site URLs)."""
    start = from_page_url if from_page_url.endswith("/") or not from_page_url else posixpath.dirname(from_page_url)
    rel = relpath(to_url or ".", start.rstrip("/") or ".")
    return rel + "/" if (not to_url or to_url.endswith("/")) and not rel.endswith("/") else rel


def relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for two site-relative paths, as string work only.

    ``relpath`` makes both paths absolute first (two ``os.getcwd()`` calls per
    link); generated pages hold tens of thousands of links. Paths that are
    absolute or climb above the site root take ``relpath`` itself.
    """
    path, start = posixpath.normpath(path), posixpath.normpath(start)
    if path.startswith(("/", "..")) or start.startswith(("/", "..")):
        return posixpath.relpath(path, start)
    to_parts = [] if path == "." else path.split("/")
    from_parts = [] if start == "." else start.split("/")
    common = 0
    for a, b in zip(to_parts, from_parts):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(from_parts) - common) + to_parts[common:]
    return "/".join(parts) if parts else "."


@dataclass(frozen=True)
class SiteUrls:
    """The URLs of one site: its URL style and, for absolute links, its address."""

    directory_urls: bool = True
    site_url: str = ""  # 'https://…/' from mkdocs.yml; needed only for absolute URLs

    def __post_init__(self) -> None:
        if self.site_url and not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")

    def page(self, target: str) -> str:
        """Site URL of a site path, a Markdown source or a file."""
        return site_url(target, self.directory_urls)

    def relative(self, from_target: str, to_target: str) -> str:
        """URL of ``to_target`` relative to the page ``from_target`` (anchors kept)."""
        target, _, anchor = to_target.partition("#")
        rel = relative_url(self.page(from_target), self.page(target))
        return f"{rel}#{anchor}" if anchor else rel

    def absolute(self, target: str) -> str:
        """Absolute URL of a site path, source or file: for feeds, PDFs, e-mails and calendars."""
        if not self.site_url:
            raise ValueError("site_url fehlt in mkdocs.yml; Feeds, PDFs und E-Mails brauchen absolute Adressen")
        target, _, anchor = target.partition("#")
        url = urljoin(self.site_url, self.page(target))
        return f"{url}#{anchor}" if anchor else url

    def absolute_link(self, url: str, page_url: str) -> str:
        """A link as written on the page at absolute ``page_url``, made absolute.

        Links to Markdown sources (``../../leitfaeden/x/index.md``) become the URL
        of the page MkDocs builds from them.
        """
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme or url.startswith("//"):
            return url  # already absolute (https:, mailto:, tel:, ...)
        joined = urlsplit(urljoin(page_url, url))
        path = joined.path
        if path.endswith(".md"):
            path = "/" + url_of_source(path.lstrip("/"), self.directory_urls)
        return urlunsplit((joined.scheme, joined.netloc, path, joined.query, joined.fragment))

    def absolutize_tree(self, root: lxml.html.HtmlElement, page_url: str, *, keep_embedded: bool = False) -> None:
        """Make every URL below ``root`` absolute against ``page_url``, in place.

        ``keep_embedded``: for a PDF, which embeds its images from the files beside the
        page and has its own anchors: only links to other documents change.
        """
        for element in root.iter(etree.Element):
            if keep_embedded and (element.tag not in LINK_ELEMENTS or element.get("href", "").startswith("#")):
                continue
            name = URL_ATTRIBUTES.get(element.tag)
            if name is not None and element.get(name) is not None:
                element.set(name, self.absolute_link(element.get(name), page_url))
            srcset = element.get("srcset")
            if srcset is not None:
                candidates = [part.strip().split(maxsplit=1) for part in srcset.split(",") if part.strip()]
                element.set("srcset", ", ".join(" ".join([self.absolute_link(c[0], page_url), *c[1:]])
                                                for c in candidates))

    def absolutize(self, html: str, page_url: str, *, keep_embedded: bool = False) -> str:
        """``html`` with every relative URL made absolute against ``page_url``."""
        container = lxml.html.fragment_fromstring(html, create_parent="div")
        self.absolutize_tree(container, page_url, keep_embedded=keep_embedded)
        return inner_html(container)


def inner_html(container: lxml.html.HtmlElement) -> str:
    """The HTML inside ``container`` (lxml serializes an element with its tag)."""
    text = html_escape(container.text or "", quote=False)
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in container)


def forge_of(repo_url: str | None) -> str:
    """The forge's name for readers: "GitHub" for github.com, else "GitLab"; "" without a repo_url."""
    if not repo_url:
        return ""
    return "GitHub" if urlsplit(repo_url).hostname in ("github.com", "www.github.com") else "GitLab"


def new_issue_url(repo_url: str | None, form: Form, prefill: dict[str, str] | None = None, title: str = "") -> str | None:
    """The forge's "new issue" address with ``form`` (a :class:`~scschule.content.issueforms.Form`),
    its fields pre-filled and the issue titled ``title``; ``None`` without a ``repo_url``.

    GitHub (github.com) takes ``template=<form>.yml`` and one parameter per field id.
    Any other host is taken as GitLab: it takes ``issuable_template=<name>``, or, to pre-fill,
    the whole template text as ``issue[description]`` (a template and a description together
    would append the description below the template).
    """
    if not repo_url:
        return None
    base = repo_url.rstrip("/").removesuffix(".git")
    prefill = {key: value for key, value in (prefill or {}).items() if value}
    if forge_of(base) == "GitHub":
        query = {"template": f"{form.id}.yml", **({"title": title} if title else {}), **prefill}
        return f"{base}/issues/new?{urlencode(query, quote_via=quote)}"
    if prefill:
        query = {**({"issue[title]": title} if title else {}), "issue[description]": gitlab_template(form, prefill)}
    else:
        query = {"issuable_template": form.gitlab_file.removesuffix(".md")}
    return f"{base}/-/issues/new?{urlencode(query, quote_via=quote)}"
