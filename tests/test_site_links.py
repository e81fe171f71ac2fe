"""Relative links of generated pages: the string-only path arithmetic gives exactly posixpath.relpath."""

import itertools
import posixpath

import pytest

from scschule.site.pages import relative_link

SOURCES = ["index.md", "kommunen/index.md", "kommunen/olpe/index.md", "kurse/kurs-1/einheit-2.md",
           "handlungsfelder/hf-1/index.md", "kommunen/kreis/olpe/index.md"]
TARGETS = ["", "kommunen/", "kommunen/olpe/", "kommunen/olpe/#karte", "kurse/kurs-1/einheit-2.md",
           "leitfaeden/open-data/1.0.0/", "handlungsfelder/hf-1/", "impressum/", "./kommunen/../kurse/",
           "/leitfaeden/", "../aussen/"]


@pytest.mark.parametrize(("source", "target"), list(itertools.product(SOURCES, TARGETS)))
def test_relative_link_is_relpath_from_the_page_folder(source, target):
    path, _, anchor = target.partition("#")
    src = path if path.endswith(".md") else posixpath.join(path, "index.md")
    expected = posixpath.relpath(src, posixpath.dirname(source) or ".")
    assert relative_link(source, target) == (f"{expected}#{anchor}" if anchor else expected)


def test_relative_link_examples():
    assert relative_link("kommunen/olpe/index.md", "kommunen/soest/") == "../soest/index.md"
    assert relative_link("index.md", "kommunen/") == "kommunen/index.md"
    assert relative_link("kommunen/olpe/index.md", "kommunen/olpe/#karte") == "index.md#karte"
