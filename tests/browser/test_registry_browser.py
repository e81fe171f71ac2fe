"""The registry map in a real browser: keyboard reachable, named links, nothing from third parties."""

from __future__ import annotations


def test_map_points_are_named_links_reachable_by_keyboard(base_url, browser):
    page = browser.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(f"{base_url}/kommunen/")
    points = page.locator("svg.scs-map a")
    assert points.count() == 59
    olpe = page.get_by_role("link", name="Olpe: Pionierkommune")
    assert olpe.count() == 1
    olpe.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Olpe: Pionierkommune"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/kommunen/olpe/")
    assert page.locator("h1").inner_text().startswith("Olpe")
    page.close()
    assert hosts == {base_url.split("/")[2]}
