/* Keyboard access to Material's navigation drawer (WCAG 2.1.1, 2.4.3, 4.1.2).
   Material opens the drawer with a <label for="__drawer"> that cannot take focus; here it becomes
   a real button for keyboard and screen-reader users: Tab reaches it, Enter/Space toggle the
   drawer, Escape closes it, and the state is announced. Own code, no third-party script. */
(function () {
  "use strict";

  function setUp() {
    var toggle = document.getElementById("__drawer");
    var buttons = document.querySelectorAll('label[for="__drawer"].md-header__button');
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !buttons.length || !drawer) return;
    if (!drawer.id) drawer.id = "scs-navigation";
    // Below this width Material slides the navigation out of view; while it is closed its links
    // must not take focus, or keyboard users tab through invisible links.
    var offCanvas = window.matchMedia("(max-width: 76.234375em)");

    function sync() {
      if (offCanvas.matches && !toggle.checked) drawer.setAttribute("inert", "");
      else drawer.removeAttribute("inert");
      buttons.forEach(function (button) {
        button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
        button.setAttribute("aria-label", toggle.checked ? "Menü schließen" : "Menü öffnen");
      });
    }

    function setOpen(open) {
      if (toggle.checked !== open) {
        toggle.checked = open;
        toggle.dispatchEvent(new Event("change", { bubbles: true }));
      }
      sync();
    }

    buttons.forEach(function (button) {
      button.setAttribute("role", "button");
      button.setAttribute("tabindex", "0");
      button.setAttribute("aria-controls", drawer.id);
      button.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          setOpen(!toggle.checked);
          if (toggle.checked) {
            var first = drawer.querySelector("a[href]");
            if (first) first.focus();
          }
        }
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        setOpen(false);
        buttons[0].focus();
      }
    });
    toggle.addEventListener("change", sync);
    offCanvas.addEventListener("change", sync);
    sync();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
