/* Keyboard and screen-reader access the theme lacks (WCAG 2.1.1, 2.4.3, 4.1.2). Own code, no
   third-party script.
   - The navigation drawer: Material opens it with a <label for="__drawer">, which works without
     JavaScript but is no control; here it is replaced by a real <button> with aria-expanded:
     Enter/Space toggle the drawer, Escape closes it and returns focus to the button.
   - Material's hidden toggle checkboxes get names, and start closed: Firefox restores a checkbox's
     state after a reload, which Material prevented with autocomplete="off", an attribute HTML does
     not allow on checkboxes (the build removes it, scschule.site.autocomplete).
   - Scrollable table wrappers become named regions that take focus, so keyboard users can
     scroll them (WCAG 2.1.1) and screen readers announce them. */
(function () {
  "use strict";

  function drawerButtons(toggle) {
    var labels = document.querySelectorAll('label[for="__drawer"].md-header__button');
    return Array.prototype.map.call(labels, function (label) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = label.className;
      button.setAttribute("data-scs-drawer-button", "");
      while (label.firstChild) button.appendChild(label.firstChild);
      label.replaceWith(button);
      button.addEventListener("click", function () { toggle(); });
      return button;
    });
  }

  /* Where focus goes in the opened drawer. Material opens it on the current page's section: a panel
     (the nav after the deepest checked section toggle) that covers the levels above, whose links are
     still rendered. So: the links of that panel's own list; the current page's, else the first shown. */
  function firstLink(drawer) {
    var toggles = drawer.querySelectorAll("input.md-nav__toggle:checked:not(#__toc)");
    var panel = toggles.length ? toggles[toggles.length - 1].parentElement.querySelector(":scope > nav.md-nav") : null;
    var scope = panel || drawer.querySelector("nav.md-nav") || drawer;
    var shown = function (link) { return link.offsetParent !== null; };
    var links = Array.prototype.slice.call(scope.querySelectorAll(
      ":scope > .md-nav__list > .md-nav__item > a[href], :scope > .md-nav__list > .md-nav__item > .md-nav__container > a[href]"
    )).filter(shown);
    var current = links.filter(function (link) { return link.classList.contains("md-nav__link--active"); });
    return current[0] || links[0] || null;
  }

  function setUpDrawer() {
    var checkbox = document.getElementById("__drawer");
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!checkbox || !drawer) return;
    if (!drawer.id) drawer.id = "scs-navigation";
    // Below this width Material slides the navigation out of view; while it is closed its links
    // must not take focus, or keyboard users tab through invisible links.
    var offCanvas = window.matchMedia("(max-width: 76.234375em)");
    var buttons = drawerButtons(function () {
      setOpen(!checkbox.checked);
      if (checkbox.checked) {
        var first = firstLink(drawer);
        if (first) first.focus();
      }
    });
    if (!buttons.length) return;

    function sync() {
      if (offCanvas.matches && !checkbox.checked) drawer.setAttribute("inert", "");
      else drawer.removeAttribute("inert");
      buttons.forEach(function (button) {
        button.setAttribute("aria-controls", drawer.id);
        button.setAttribute("aria-expanded", checkbox.checked ? "true" : "false");
        button.setAttribute("aria-label", checkbox.checked ? "Menü schließen" : "Menü öffnen");
      });
    }

    function setOpen(open) {
      if (checkbox.checked !== open) {
        checkbox.checked = open;
        checkbox.dispatchEvent(new Event("change", { bubbles: true }));
      }
      sync();
    }

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && checkbox.checked) {
        setOpen(false);
        buttons[0].focus();
      }
    });
    checkbox.addEventListener("change", sync);
    offCanvas.addEventListener("change", sync);
    sync();
  }

  var TOGGLE_NAMES = { __drawer: "Menü", __search: "Suche" };

  /* Every page opens with the menu and the search closed, also after a reload in Firefox. */
  function closeRestoredToggles() {
    Object.keys(TOGGLE_NAMES).forEach(function (id) {
      var checkbox = document.getElementById(id);
      if (checkbox && checkbox.checked) {
        checkbox.checked = false;
        checkbox.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  function nameToggles() {
    Object.keys(TOGGLE_NAMES).forEach(function (id) {
      var checkbox = document.getElementById(id);
      if (checkbox && !checkbox.hasAttribute("aria-label")) checkbox.setAttribute("aria-label", TOGGLE_NAMES[id]);
    });
  }

  /* The name of a table's region: its caption, else the nearest heading before it. */
  function tableName(table) {
    if (table.caption && table.caption.textContent.trim()) return table.caption.textContent.trim();
    var figure = table.closest("figure");
    var figcaption = figure && figure.querySelector("figcaption");
    if (figcaption && figcaption.textContent.trim()) return figcaption.textContent.replace(/\s+/g, " ").trim();
    for (var el = table; el && !el.matches("article"); el = el.parentElement) {
      for (var before = el.previousElementSibling; before; before = before.previousElementSibling) {
        if (/^H[1-6]$/.test(before.tagName)) return before.textContent.replace(/\u00b6$/, "").trim();
      }
    }
    return "Tabelle";
  }

  /* Material's wrapper around plain tables; else the table itself or its nearest scrolling ancestor
     (the widgets' tables scroll by themselves). */
  function scrollingWrapper(table) {
    var material = table.closest(".md-typeset__scrollwrap");
    if (material) return material;
    for (var el = table; el && !el.matches("article, .md-content"); el = el.parentElement) {
      var overflow = getComputedStyle(el).overflowX;
      if (overflow === "auto" || overflow === "scroll") return el;
    }
    return null;
  }

  /* A wrapper takes focus only while its table is wider than it (a tab stop that scrolls nothing
     would only be in the way); the width changes with the window, so it is watched. */
  var watcher = typeof ResizeObserver === "function" ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { syncScrollRegion(entry.target); });
  }) : null;

  function syncScrollRegion(wrapper) {
    if (wrapper.scrollWidth > wrapper.clientWidth + 1) wrapper.setAttribute("tabindex", "0");
    else if (wrapper.getAttribute("tabindex") === "0" && document.activeElement !== wrapper) wrapper.removeAttribute("tabindex");
  }

  function makeTablesScrollable() {
    Array.prototype.forEach.call(document.querySelectorAll("article table"), function (table) {
      var wrapper = scrollingWrapper(table);
      if (!wrapper || wrapper.hasAttribute("data-scs-scroll-region")) return;
      wrapper.setAttribute("data-scs-scroll-region", "");
      // A table that scrolls by itself keeps its table role; it needs a name if it has no caption.
      if (wrapper !== table && !wrapper.hasAttribute("role")) wrapper.setAttribute("role", "region");
      var named = wrapper.hasAttribute("aria-label") || wrapper.hasAttribute("aria-labelledby") ||
        (wrapper === table && table.caption && table.caption.textContent.trim());
      if (!named) wrapper.setAttribute("aria-label", (wrapper === table ? "" : "Tabelle: ") + tableName(table));
      if (wrapper.hasAttribute("tabindex")) return;  // the page's own choice
      syncScrollRegion(wrapper);
      if (watcher) { watcher.observe(wrapper); watcher.observe(table); }
    });
  }

  function setUp() {
    closeRestoredToggles();
    setUpDrawer();
    nameToggles();
    // Material wraps tables in scroll containers from its own document$ stream: run after it.
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(makeTablesScrollable);
    } else {
      makeTablesScrollable();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
