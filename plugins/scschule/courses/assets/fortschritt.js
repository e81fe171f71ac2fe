/* Kursfortschritt der Smart Cities: Schule.
 *
 * Progressive enhancement: the page is complete without this script. It turns the
 * empty markers <span data-scs-progress="kurs/einheit/punkt"> into checkboxes and
 * fills the empty, hidden panel <div data-scs-course="kurs"> with a status line and a
 * reset button. Progress stays in this browser only (localStorage; no cookies, no
 * server). Without usable localStorage (locked-down or private browsers) nothing
 * is added, so no checkbox pretends to remember anything.
 */
(function () {
  "use strict";

  var STORE_KEY = "scschule-kursfortschritt";

  function usableStorage() {
    try {
      var storage = window.localStorage;
      storage.setItem(STORE_KEY + "-test", "1");
      storage.removeItem(STORE_KEY + "-test");
      return storage;
    } catch (e) {
      return null;
    }
  }

  var storage = usableStorage();
  if (!storage) {
    return;
  }

  function load() {
    try {
      var state = JSON.parse(storage.getItem(STORE_KEY) || "{}");
      return state && typeof state === "object" ? state : {};
    } catch (e) {
      return {};
    }
  }

  function save(state) {
    try {
      storage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
      /* storage full or revoked: the ticks simply are not remembered */
    }
  }

  var boxes = [];

  function addCheckbox(marker, index) {
    var key = marker.getAttribute("data-scs-progress");
    var visibleLabel = marker.getAttribute("data-scs-label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = "scs-fortschritt-" + index;
    box.className = "scs-progress__box";
    box.checked = load()[key] === true;
    box.setAttribute("data-scs-key", key);
    box.addEventListener("change", function () {
      var state = load();
      if (box.checked) {
        state[key] = true;
      } else {
        delete state[key];
      }
      save(state);
      updatePanels();
    });
    marker.appendChild(box);
    if (visibleLabel) {
      var label = document.createElement("label");
      label.htmlFor = box.id;
      label.textContent = visibleLabel;
      marker.appendChild(label);
    } else {
      var item = marker.parentElement;
      var text = (item ? item.textContent : "").replace(/\s+/g, " ").trim();
      box.setAttribute("aria-label", "Erledigt: " + text);
    }
    boxes.push(box);
  }

  var panels = [];

  function addPanel(panel) {
    var course = panel.getAttribute("data-scs-course");
    var status = document.createElement("p");
    status.className = "scs-progress-panel__status";
    status.setAttribute("role", "status");
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button scs-progress-panel__reset";
    reset.textContent = "Fortschritt in diesem Kurs zurücksetzen";
    reset.addEventListener("click", function () {
      var state = load();
      Object.keys(state).forEach(function (key) {
        if (key.indexOf(course + "/") === 0) {
          delete state[key];
        }
      });
      save(state);
      boxes.forEach(function (box) {
        if (box.getAttribute("data-scs-key").indexOf(course + "/") === 0) {
          box.checked = false;
        }
      });
      updatePanels("Fortschritt zurückgesetzt. ");
    });
    var note = document.createElement("p");
    note.className = "scs-progress-panel__note";
    note.textContent = "Ihre Häkchen werden nur in diesem Browser gespeichert (ohne Cookies, ohne Server).";
    panel.appendChild(status);
    panel.appendChild(reset);
    panel.appendChild(note);
    panel.hidden = false;
    panels.push({ course: course, status: status });
  }

  function updatePanels(prefix) {
    panels.forEach(function (panel) {
      var mine = boxes.filter(function (box) {
        return box.getAttribute("data-scs-key").indexOf(panel.course + "/") === 0;
      });
      var done = mine.filter(function (box) { return box.checked; }).length;
      panel.status.textContent = (prefix || "") + done + " von " + mine.length + " Punkten auf dieser Seite erledigt.";
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-scs-progress]"), addCheckbox);
    Array.prototype.forEach.call(document.querySelectorAll("[data-scs-course]"), addPanel);
    updatePanels();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
