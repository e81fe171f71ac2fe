"""Page checks that run in the browser (Playwright's evaluate), shared by the quality tests with
the system's fonts and the run with a second font set (tests/browser/test_fonts.py)."""

# WCAG 1.4.10: how wide the page is, and the first elements that stick out (not counting those
# inside a container that scrolls or clips by itself, or the off-canvas navigation).
REFLOW_STATE = """() => {
        const width = document.documentElement.clientWidth;
        // Inside a container that scrolls or clips by itself, width is that container's business.
        const contained = (el) => {
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                if (getComputedStyle(p).overflowX !== "visible") return true;
            }
            return false;
        };
        const sticking = [...document.querySelectorAll("body *")].filter(el => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.right > width + 1 && !el.closest(".md-sidebar") && !contained(el)
                && !el.parentElement.closest("[data-scs-too-wide]") && (el.dataset.scsTooWide = "1");
        });
        return {scrollWidth: document.scrollingElement.scrollWidth, width,
                elements: sticking.slice(0, 5).map(el => el.outerHTML.slice(0, 120))};
    }"""

# The site's name in the header: its text, and whether it is cut off or pushed out of view.
HEADER_NAME_STATE = """() => {
        const span = document.querySelector('.md-header__title .md-header__topic:first-child .md-ellipsis');
        const box = span.getBoundingClientRect(), title = span.closest('.md-header__title').getBoundingClientRect();
        return {text: span.innerText.replace(/\\s+/g, ' ').trim(), cut: span.scrollWidth > span.clientWidth + 1,
                inside: box.left >= title.left - 1 && box.right <= title.right + 1 && box.right <= innerWidth,
                visible: getComputedStyle(span).visibility !== 'hidden' && box.width > 0};
    }"""

# Tables that scroll sideways: whether their scroll container takes focus, has a name and is a
# region (or the table itself, which keeps its table role).
SCROLL_REGIONS = """() => [...document.querySelectorAll('article table')].map(table => {
    let box = table.closest('.md-typeset__scrollwrap');
    for (let el = table; !box && el && !el.matches('article'); el = el.parentElement) {
        const overflow = getComputedStyle(el).overflowX;
        if (overflow === 'auto' || overflow === 'scroll') box = el;
    }
    if (!box || box.scrollWidth <= box.clientWidth + 1) return null;
    const name = ((box === table && table.caption?.textContent) || box.getAttribute('aria-label') || '').trim();
    return {html: box.outerHTML.slice(0, 140), focusable: box.tabIndex >= 0, name,
            region: box === table || box.getAttribute('role') === 'region'};
}).filter(Boolean)"""
