"""Row headers for Markdown tables with an empty corner (scschule.site.tables, issue 15 section 3)."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup


def render(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(text, extensions=["tables", "scschule.site.tables"]), "html.parser")


def test_an_empty_corner_makes_the_first_column_row_headers():
    table = render("| | Kommunaler Mandant | Regionaler Mandant |\n|---|---|---|\n"
                   "| Inhalt | Daten *einer* Kommune | Daten der Region |\n| Zugriff | die Kommune | gemeinsam |\n").table
    assert table.select_one("thead tr").contents[1].name == "td" and not table.select_one("thead td").get_text(strip=True)
    assert [th["scope"] for th in table.select("thead th")] == ["col", "col"]
    assert [(th.get_text(), th["scope"]) for th in table.select("tbody th")] == [("Inhalt", "row"), ("Zugriff", "row")]
    assert table.select_one("tbody td em").get_text() == "einer"  # the data cells keep their markup
    assert not [th for th in table.find_all("th") if not th.get_text(strip=True)]


def test_a_table_with_a_named_first_column_stays_as_it_is():
    table = render("| Kreis | Dabei |\n|---|---|\n| Olpe | 3 von 7 |\n").table
    assert [th.get_text() for th in table.select("thead th")] == ["Kreis", "Dabei"]
    assert not table.select("tbody th") and not table.select("[scope]")
