/* Live refresh of data-platform widgets (scschule-widgets). Vanilla JS, no dependencies.
 *
 * Only widgets with `refresh:` carry data-scs-refresh. Requests go to the same-origin
 * proxy path in data-scs-url (brokers send no CORS headers). Values are written with
 * textContent / createElement only, each value isolated in <bdi> (bidirectional text);
 * at most the widget's own limit / last_n rows are drawn, however much the broker sends.
 * When a request fails the static snapshot stays. Nothing is fetched while the tab is hidden.
 */
(function () {
  "use strict";

  var ATTRIBUTE_TYPES = ["Property", "GeoProperty", "Relationship", "LanguageProperty",
    "VocabProperty", "ListProperty", "ListRelationship", "JsonProperty"];
  var SVG = "http://www.w3.org/2000/svg";
  var MAX_MAGNITUDE = 1e15;  // as in render.py: larger values are no measurement

  function attributeValue(entity, name) {
    var raw = entity ? entity[name] : undefined;
    if (Array.isArray(raw) && raw.length && raw[0] && ATTRIBUTE_TYPES.indexOf(raw[0].type) >= 0) raw = raw[0];
    if (raw && typeof raw === "object" && ATTRIBUTE_TYPES.indexOf(raw.type) >= 0) {
      return { value: "value" in raw ? raw.value : raw.object, observedAt: raw.observedAt };
    }
    return { value: raw, observedAt: undefined };
  }

  function parseTime(text) {
    if (typeof text !== "string") return null;
    var date = new Date(text);
    return isNaN(date.getTime()) ? null : date;
  }

  function timeText(date) {
    return date.toLocaleString("de-DE", { dateStyle: "medium", timeStyle: "short" }) + " Uhr";
  }

  function show(value, depth) {
    depth = depth || 0;
    if (value === null || value === undefined) return "–";
    if (typeof value === "boolean") return value ? "ja" : "nein";
    if (typeof value === "number") {
      if (!isFinite(value)) return "–";
      return Math.abs(value) <= MAX_MAGNITUDE ? value.toLocaleString("de-DE", { maximumFractionDigits: 2 })
        : "(Wert außerhalb des Anzeigebereichs)";
    }
    if (typeof value === "string") {
      var when = /^\d{4}-\d\d-\d\dT/.test(value) ? parseTime(value) : null;
      return when ? timeText(when) : value.slice(0, 300);
    }
    if (depth >= 3) return "…";
    if (Array.isArray(value)) return value.slice(0, 10).map(function (v) { return show(v, depth + 1); }).join(", ");
    if (typeof value === "object") {
      if ("@value" in value) return show(value["@value"], depth + 1);
      if ("value" in value) return show(value.value, depth + 1);
      return "(strukturierter Wert)";
    }
    return "–";
  }

  function cell(tag, text) {
    var element = document.createElement(tag), isolated = document.createElement("bdi");
    isolated.textContent = text;
    element.appendChild(isolated);
    if (tag === "th") element.setAttribute("scope", "row");
    return element;
  }

  function limitOf(figure) {
    var limit = Number(figure.getAttribute("data-scs-limit"));
    return limit > 0 ? limit : 10;
  }

  function numberOf(value) {
    if (typeof value !== "number" && typeof value !== "string") return null;
    if (typeof value === "string" && (value.length > 40 || !value.trim())) return null;
    var number = Number(value);
    return isFinite(number) && Math.abs(number) <= MAX_MAGNITUDE ? number : null;
  }

  function replaceRows(tbody, rows) {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    rows.forEach(function (cells) {
      var tr = document.createElement("tr");
      cells.forEach(function (c) { tr.appendChild(cell(c[0], c[1])); });
      tbody.appendChild(tr);
    });
  }

  function applyEntity(figure, entity) {
    if (!entity || typeof entity.id !== "string") throw new Error("keine Entität");
    figure.querySelectorAll("[data-scs-attr]").forEach(function (span) {
      var name = span.getAttribute("data-scs-attr");
      var found = attributeValue(entity, name);
      span.textContent = name in entity ? show(found.value) : "nicht vorhanden";
      var observed = figure.querySelector('[data-scs-observed="' + CSS.escape(name) + '"]');
      var when = parseTime(found.observedAt);
      if (observed) observed.textContent = when ? timeText(when) : "–";
    });
  }

  function applyQuery(figure, entities, count) {
    if (!Array.isArray(entities)) throw new Error("keine Liste");
    var names = Array.prototype.map.call(figure.querySelectorAll("thead [data-scs-attr]"), function (th) {
      return th.getAttribute("data-scs-attr");
    });
    replaceRows(figure.querySelector("[data-scs-rows]"), entities.slice(0, limitOf(figure)).map(function (entity) {
      entity = entity && typeof entity === "object" ? entity : {};
      return [["th", String(entity.id).slice(0, 300)]].concat(names.map(function (name) {
        return ["td", name in entity ? show(attributeValue(entity, name).value) : "–"];
      }));
    }));
    var counter = figure.querySelector("[data-scs-count]");
    if (counter) counter.textContent = count !== null ? String(count) : String(entities.length);
  }

  function temporalPoints(entity, name, aggregation) {
    var attr = entity ? entity[name] : undefined, pairs = [];
    if (Array.isArray(attr)) pairs = attr.map(function (i) { return i && typeof i === "object" ? [i.value, i.observedAt] : []; });
    else if (attr && Array.isArray(attr.values)) pairs = attr.values;
    else if (attr && aggregation && Array.isArray(attr[aggregation])) pairs = attr[aggregation];
    else if (attr && "value" in attr) pairs = [[attr.value, attr.observedAt]];
    else throw new Error("keine Zeitreihe");
    if (!Array.isArray(pairs)) throw new Error("keine Zeitreihe");
    return pairs.filter(Array.isArray).map(function (p) { return { value: p[0], time: parseTime(p[1]) }; })
      .filter(function (p) { return p.time; })
      .sort(function (a, b) { return a.time - b.time; });
  }

  function applyTimeseries(figure, payload) {
    var entity = Array.isArray(payload) ? payload[0] : payload;
    var points = temporalPoints(entity, figure.getAttribute("data-scs-attribute"),
      figure.getAttribute("data-scs-aggregation")).slice(-limitOf(figure));  // the last last_n, as the broker's lastN
    replaceRows(figure.querySelector("[data-scs-rows]"), points.map(function (p) {
      return [["td", timeText(p.time)], ["td", show(p.value)]];
    }));
    var svg = figure.querySelector("[data-scs-chart]");
    var numeric = points.filter(function (p) { return numberOf(p.value) !== null; });
    if (!svg || !numeric.length) return;
    var box = svg.getAttribute("data-scs-box").split(",").map(Number);
    var values = numeric.map(function (p) { return numberOf(p.value); });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    var t0 = numeric[0].time.getTime(), t1 = numeric[numeric.length - 1].time.getTime();
    var coords = numeric.map(function (p, i) {
      var x = numeric.length > 1 ? box[0] + (box[2] - box[0]) * (p.time.getTime() - t0) / ((t1 - t0) || 1) : (box[0] + box[2]) / 2;
      var y = hi !== lo ? box[1] + (box[3] - box[1]) * (1 - (values[i] - lo) / (hi - lo)) : (box[1] + box[3]) / 2;
      return [x.toFixed(1), y.toFixed(1)];
    });
    svg.querySelector("[data-scs-line]").setAttribute("points", coords.map(function (c) { return c.join(","); }).join(" "));
    svg.querySelectorAll("circle").forEach(function (c) { c.parentNode.removeChild(c); });
    coords.forEach(function (c) {
      var dot = document.createElementNS(SVG, "circle");
      dot.setAttribute("class", "scs-chart__dot");
      dot.setAttribute("cx", c[0]); dot.setAttribute("cy", c[1]); dot.setAttribute("r", "3");
      svg.appendChild(dot);
    });
    svg.querySelector("[data-scs-min]").textContent = show(lo);
    svg.querySelector("[data-scs-max]").textContent = show(hi);
    svg.querySelector("[data-scs-first]").textContent = timeText(numeric[0].time);
    svg.querySelector("[data-scs-last]").textContent = timeText(numeric[numeric.length - 1].time);
  }

  var APPLY = { entity: applyEntity, query: applyQuery, timeseries: applyTimeseries };

  function status(figure, text) {
    var element = figure.querySelector("[data-scs-status]");
    if (element) element.textContent = text;
  }

  function fresh(figure, when) {
    figure.classList.remove("scs-widget--stale");
    var stale = figure.querySelector("[data-scs-stale]");
    if (stale) stale.parentNode.removeChild(stale);
    var stand = figure.querySelector("[data-scs-stand]");
    if (stand) {
      stand.setAttribute("datetime", when.toISOString());
      stand.textContent = timeText(when);
    }
  }

  function refresh(figure) {
    if (document.hidden || figure.getAttribute("data-scs-busy")) return;
    figure.setAttribute("data-scs-busy", "1");
    var headers = { Accept: "application/json" };
    var tenant = figure.getAttribute("data-scs-tenant"), context = figure.getAttribute("data-scs-context");
    if (tenant) headers["NGSILD-Tenant"] = tenant;
    if (context) headers.Link = "<" + context + '>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"';
    var count = null;
    fetch(figure.getAttribute("data-scs-url"), { headers: headers, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        var header = response.headers.get("NGSILD-Results-Count");
        count = header !== null && /^\d+$/.test(header) ? Number(header) : null;
        return response.json();
      })
      .then(function (data) {
        var when = new Date();
        APPLY[figure.getAttribute("data-scs-kind")](figure, data, count);
        fresh(figure, when);
        status(figure, "Live aktualisiert: " + timeText(when));
      })
      .catch(function () {
        status(figure, "Aktualisierung fehlgeschlagen (" + timeText(new Date()) + "); angezeigt wird der letzte Stand.");
      })
      .then(function () { figure.removeAttribute("data-scs-busy"); });
  }

  function start() {
    var figures = document.querySelectorAll("figure[data-scs-refresh][data-scs-url]");
    figures.forEach(function (figure) {
      if (!APPLY[figure.getAttribute("data-scs-kind")]) return;
      var seconds = Math.max(15, Number(figure.getAttribute("data-scs-refresh")) || 60);
      refresh(figure);
      window.setInterval(function () { refresh(figure); }, seconds * 1000);
    });
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) figures.forEach(refresh);  // catch up at once when the tab is shown again
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
