"""Guide PDFs are PDF/UA-1: read back with pypdf and lxml, the XMP metadata declares
pdfuaid:part 1 and the title, the catalog has /Lang, a structure tree and DisplayDocTitle."""

from __future__ import annotations

import io
from pathlib import Path

import markdown
import pytest
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import BooleanObject, IndirectObject

from projecttools import ROOT
from scschule.guides.pdf import PdfRenderer, jobs_for
from scschule.site.context import SiteContext
from scschule.portal import load_portal

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}


def resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def xmp_values(reader: PdfReader) -> dict[str, list[str]]:
    """pdfuaid:part and dc:title from the catalog's XMP stream, as attribute or as element."""
    root = resolved(reader.trailer["/Root"])
    assert "/Metadata" in root, "no XMP metadata stream"
    stream = resolved(root["/Metadata"])
    assert (stream["/Type"], stream["/Subtype"]) == ("/Metadata", "/XML")
    xmp = etree.fromstring(stream.get_data())
    part = [*xmp.xpath("//rdf:Description/@pdfuaid:part", namespaces=NS),
            *xmp.xpath("//rdf:Description/pdfuaid:part/text()", namespaces=NS)]
    title = xmp.xpath("//dc:title/rdf:Alt/rdf:li/text()", namespaces=NS)
    return {"part": [str(p) for p in part], "title": [str(t) for t in title]}


def structure_types(reader: PdfReader) -> list[str]:
    """Every structure element type, depth first, from /StructTreeRoot."""
    found: list[str] = []
    seen: set[int] = set()

    def walk(node) -> None:
        node = resolved(node)
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get") or id(node) in seen:
            return
        seen.add(id(node))
        if "/S" in node:
            found.append(str(node["/S"]))
        if "/K" in node:
            walk(node["/K"])

    walk(resolved(reader.trailer["/Root"])["/StructTreeRoot"])
    return found


def is_true(value) -> bool:
    return isinstance(value, BooleanObject) and value.value is True


def assert_pdf_ua(reader: PdfReader, title: str) -> None:
    root = resolved(reader.trailer["/Root"])
    values = xmp_values(reader)
    assert values["part"] == ["1"]
    assert values["title"] == [title]
    assert reader.metadata.title == title
    assert root["/Lang"] == "de"
    assert is_true(resolved(root["/ViewerPreferences"])["/DisplayDocTitle"])
    assert is_true(resolved(root["/MarkInfo"])["/Marked"])
    types = structure_types(reader)
    assert "/H1" in types and "/P" in types, types[:20]
    assert reader.pdf_header == "%PDF-1.7"


@pytest.fixture(scope="module")
def portal():
    return load_portal(ROOT)


def test_a_rendered_guide_is_pdf_ua_1(tmp_path, portal):
    renderer = PdfRenderer(tmp_path, portal.taxonomy, SiteContext("https://example.org/"), markdown.Markdown)
    job = next(j for j in jobs_for(portal.guides) if j.version.meta.version == j.guide.meta.version)
    reader = PdfReader(io.BytesIO(renderer.render(job)))
    assert_pdf_ua(reader, job.version.meta.title)
    types = structure_types(reader)
    assert types[0] == "/Document"


def test_reader_check_fails_on_a_plain_pdf(tmp_path, portal):
    """The check above can fail: WeasyPrint's default output has no XMP and no structure tree."""
    import weasyprint

    plain = weasyprint.HTML(string="<html lang='de'><title>T</title><h1>T</h1><p>x</p></html>").write_pdf()
    with pytest.raises(AssertionError, match="no XMP"):
        assert_pdf_ua(PdfReader(io.BytesIO(plain)), "T")


def test_every_built_guide_pdf_is_pdf_ua_1(built_site, portal):
    for job in jobs_for(portal.guides):
        path: Path = built_site / job.dest_uri
        assert_pdf_ua(PdfReader(path), job.version.meta.title)
