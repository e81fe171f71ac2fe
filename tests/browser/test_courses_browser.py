"""Course progress in a real browser: usable without JavaScript; with it, ticks persist in
localStorage only (no cookies) and can be reset."""

from __future__ import annotations

import pytest

COURSE = "die-datenplattform-verstehen"
UNIT = "gemeinsame-plattform"
STORE = "scschule-kursfortschritt"


@pytest.fixture
def base(base_url: str) -> str:
    return base_url + "/"


@pytest.fixture
def chromium(browser):
    return browser


def test_unit_page_complete_without_javascript(chromium, base):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}kurse/{COURSE}/{UNIT}/")
    assert page.locator("h1").count() == 1
    for heading in ("Lernziele", "Vorbereitung", "Präsenz", "Nachbereitung"):
        assert page.locator("h2", has_text=heading).count() == 1
    preparation = page.locator("h2:has-text('Vorbereitung') + p + ul > li")
    assert preparation.count() == 3  # the guide, the explainer video, the task
    assert "Die regionale Datenplattform" in preparation.first.inner_text()
    assert page.locator("h2:has-text('Vorbereitung') + p + ul a").first.get_attribute("href").endswith("datenplattform-fiware-ngsi-ld/")
    assert page.locator(".md-content input[type=checkbox]").count() == 0  # plain lists, no dead controls
    assert page.get_by_role("button", name="Fortschritt in diesem Kurs zurücksetzen").count() == 0
    assert not page.locator("[data-scs-course]").is_visible()
    assert page.locator("details.loesung summary").count() >= 1  # solutions still reachable
    context.close()


def test_ticks_persist_across_reload_and_reset_clears_them(chromium, base):
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    url = f"{base}kurse/{COURSE}/{UNIT}/"
    page.goto(url)
    boxes = page.locator("input.scs-progress__box")
    assert boxes.count() == 4  # three preparation items and the unit itself
    first = page.get_by_role("checkbox", name="Erledigt: Leitfaden: Die regionale Datenplattform", exact=False)
    unit_done = page.get_by_label("Diese Einheit ist erledigt")
    first.check()
    unit_done.check()
    status = page.locator(".scs-progress-panel [role=status]")
    assert "2 von 4" in status.inner_text()

    page.reload()
    assert first.is_checked() and unit_done.is_checked()
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}'))")
    assert stored == {f"{COURSE}/{UNIT}/leitfaden-datenplattform-fiware-ngsi-ld": True, f"{COURSE}/{UNIT}": True}
    assert context.cookies() == []

    # The course page shares the unit's tick.
    page.goto(f"{base}kurse/{COURSE}/")
    assert page.get_by_role("checkbox", name="Einheit 1 erledigt", exact=False).is_checked()

    page.get_by_role("button", name="Fortschritt in diesem Kurs zurücksetzen").click()
    assert "Fortschritt zurückgesetzt" in page.locator(".scs-progress-panel [role=status]").inner_text()
    page.goto(url)
    assert not first.is_checked() and not unit_done.is_checked()
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}'))") == {}
    assert errors == []
    context.close()


def test_reset_leaves_other_courses_alone(chromium, base):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{base}kurse/{COURSE}/")
    page.evaluate(f"localStorage.setItem('{STORE}', JSON.stringify({{'anderer-kurs/eins': true}}))")
    page.reload()
    page.get_by_role("checkbox", name="Einheit 1 erledigt", exact=False).check()
    page.get_by_role("button", name="Fortschritt in diesem Kurs zurücksetzen").click()
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}'))") == {"anderer-kurs/eins": True}
    context.close()


def test_without_storage_no_checkbox_pretends_to_remember(chromium, base):
    context = chromium.new_context()
    # A locked-down browser: any access to localStorage throws.
    context.add_init_script("Object.defineProperty(window, 'localStorage', {get() { throw new Error('blocked'); }});")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}kurse/{COURSE}/{UNIT}/")
    assert page.locator(".md-content input[type=checkbox]").count() == 0
    assert page.locator("h2", has_text="Vorbereitung").count() == 1
    assert errors == []
    context.close()
