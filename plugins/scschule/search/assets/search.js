/* Portal search: loads lunr.js, lunr.de and the index prebuilt at build time on first use
 * (focus on a search field, or opening /suche/), then searches while the visitor types.
 * Query words go through the same steps as the words of the index (see search/german.py):
 * lunr.de's trimmer and stop words, umlaut folding, lunr.de's Snowball stemmer.
 * Results are built with textContent and <mark> elements only, never from HTML strings.
 * In node, the module exports the analyzer so tests compare it with the Python pipeline. */
(function (root) {
  "use strict";

  var UMLAUT = { ae: "\u00e4", oe: "\u00f6", ue: "\u00fc" };
  var AFTER_VOWEL = /[aeiouy\u00e4\u00f6\u00fcq]/;
  var MONTHS = ["Januar", "Februar", "M\u00e4rz", "April", "Mai", "Juni", "Juli",
    "August", "September", "Oktober", "November", "Dezember"];
  var EXACT_BOOST = 10;
  var MIN_PREFIX = 2;
  var HEADER_LIMIT = 8;
  var PAGE_LIMIT = 50;

  /* ae/oe/ue -> ä/ö/ü, except "ue" after a vowel or q ("neue", "Quelle"); mirrors german.fold. */
  function fold(word) {
    return word.replace(/ue|ae|oe/g, function (match, offset, whole) {
      if (match === "ue" && offset > 0 && AFTER_VOWEL.test(whole.charAt(offset - 1))) return match;
      return UMLAUT[match];
    });
  }

  function createAnalyzer(lunr) {
    function run(fn, word) {
      var token = fn(new lunr.Token(word, {}));
      return token ? token.toString() : "";
    }
    /* The index term of one word, or "" for stop words and punctuation; mirrors german.term. */
    function term(word) {
      var trimmed = run(lunr.de.trimmer, word.toLowerCase());
      if (!trimmed || !run(lunr.de.stopWordFilter, trimmed)) return "";
      return run(lunr.de.stemmer, fold(trimmed));
    }
    function queryTerms(text) {
      var seen = {};
      var terms = [];
      lunr.tokenizer(text).forEach(function (token) {
        var t = term(token.toString());
        if (t && !seen[t]) { seen[t] = true; terms.push(t); }
      });
      return terms;
    }
    return { fold: fold, term: term, queryTerms: queryTerms };
  }

  function undeltas(deltas) {
    var out = [];
    var total = 0;
    for (var i = 0; i < deltas.length; i++) { total += deltas[i]; out.push(total); }
    return out;
  }

  /* The compact index.json back to lunr's serialized format (see search/index.py: expand). */
  function expand(compact) {
    var fields = compact.fields;
    var inverted = compact.terms.map(function (term, i) {
      var posting = { _index: i };
      fields.forEach(function (field, f) {
        var refs = {};
        undeltas(compact.postings[i][f]).forEach(function (ref) { refs[ref] = {}; });
        posting[field] = refs;
      });
      return [term, posting];
    });
    var vectors = compact.vectors.map(function (vector) {
      var indexes = undeltas(vector[2]);
      var elements = [];
      for (var i = 0; i < indexes.length; i++) elements.push(indexes[i], vector[3][i] / 1000);
      return [fields[vector[1]] + "/" + vector[0], elements];
    });
    return { version: compact.version, fields: fields, fieldVectors: vectors,
      invertedIndex: inverted, pipeline: compact.pipeline };
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { fold: fold, createAnalyzer: createAnalyzer, expand: expand };
    return;
  }

  var document = root.document;
  var loading = null;

  function assetRoot() {
    var anchor = document.querySelector("[data-scs-search-assets]");
    return anchor ? anchor.getAttribute("data-scs-search-assets") : "assets/scschule/search/";
  }

  function siteRoot() {
    var anchor = document.querySelector("[data-scs-site-root]");
    var base = anchor ? anchor.getAttribute("data-scs-site-root") : ".";
    return base.replace(/\/$/, "") + "/";
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false; // keep lunr -> stemmer support -> lunr.de order
      script.onload = resolve;
      script.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(script);
    });
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  /* Everything the search needs, loaded once per page view. */
  function load() {
    if (loading) return loading;
    var base = assetRoot();
    var scripts = ["lunr.min.js", "lunr.stemmer.support.min.js", "lunr.de.min.js"].map(function (name) {
      return loadScript(base + "vendor/" + name);
    });
    loading = Promise.all([Promise.all(scripts), fetchJson(base + "index.json"), fetchJson(base + "docs.json")])
      .then(function (parts) {
        var lunr = root.lunr;
        var analyzer = createAnalyzer(lunr);
        var foldToken = function (token) { return token.update(fold); };
        lunr.Pipeline.registerFunction(foldToken, "umlautFold-de");
        return { lunr: lunr, analyzer: analyzer, index: lunr.Index.load(expand(parts[1])), docs: parts[2] };
      });
    return loading;
  }

  function search(engine, text, facets) {
    var lunr = engine.lunr;
    var terms = engine.analyzer.queryTerms(text);
    if (!terms.length) return { terms: terms, hits: [] };
    var results = engine.index.query(function (query) {
      terms.forEach(function (stem) {
        query.term(stem, {
          usePipeline: false,
          presence: lunr.Query.presence.REQUIRED,
          wildcard: stem.length >= MIN_PREFIX ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
        query.term(stem, { usePipeline: false, boost: EXACT_BOOST });
      });
    });
    var hits = [];
    results.forEach(function (result) {
      var doc = engine.docs[Number(result.ref)];
      if (admit(doc, facets || {})) hits.push(doc);
    });
    return { terms: terms, hits: hits };
  }

  function admit(doc, facets) {
    return (!facets.typ || doc.k === facets.typ) &&
      (!facets.hf || doc.h.indexOf(facets.hf) >= 0) &&
      (!facets.mb || doc.b.indexOf(facets.mb) >= 0);
  }

  function plain(word) {
    return word.replace(/\u00e4/g, "a").replace(/\u00f6/g, "o").replace(/\u00fc/g, "u").replace(/\u00df/g, "ss");
  }

  /* Appends text to parent, wrapping each word that matches a query term in <mark>. */
  function appendHighlighted(parent, text, terms, analyzer) {
    var words = /[0-9A-Za-z\u00c0-\u024f]+/g;
    var last = 0;
    var match;
    while ((match = words.exec(text)) !== null) {
      var word = match[0];
      var lower = word.toLowerCase();
      var stem = analyzer.term(lower);
      var folded = plain(fold(lower));
      var hit = stem && terms.some(function (t) {
        return stem.indexOf(t) === 0 || (t.length >= 4 && folded.indexOf(t) >= 0);
      });
      if (!hit) continue;
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = word;
      parent.appendChild(mark);
      last = match.index + word.length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function germanDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + ". " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  function countText(n) {
    return n === 0 ? "Keine Treffer" : n === 1 ? "1 Treffer" : n + " Treffer";
  }

  function resultMeta(doc) {
    var meta = document.createElement("p");
    meta.className = "scs-result__meta";
    var type = document.createElement("span");
    type.className = "scs-result__type";
    type.textContent = doc.k;
    meta.appendChild(type);
    if (doc.d) {
      meta.appendChild(document.createTextNode(" \u00b7 "));
      var time = document.createElement("time");
      time.dateTime = doc.d;
      time.textContent = germanDate(doc.d);
      meta.appendChild(time);
    }
    return meta;
  }

  function resultSnippet(item, doc, terms, analyzer) {
    if (!doc.s) return;
    var snippet = document.createElement("p");
    snippet.className = "scs-result__snippet";
    appendHighlighted(snippet, doc.s, terms, analyzer);
    item.appendChild(snippet);
  }

  /* A result of the search page: a heading with a link. */
  function resultItem(doc, terms, analyzer, headingTag) {
    var item = document.createElement("li");
    item.className = "scs-result";
    var heading = document.createElement(headingTag);
    heading.className = "scs-result__title";
    var link = document.createElement("a");
    link.href = siteRoot() + doc.u;
    appendHighlighted(link, doc.t, terms, analyzer);
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(resultMeta(doc));
    resultSnippet(item, doc, terms, analyzer);
    return item;
  }

  /* A result in the header's listbox: an option (no link inside: an option's content is not
     interactive); choosing it opens data-href. */
  function optionItem(doc, terms, analyzer, number) {
    var item = document.createElement("li");
    item.className = "scs-result";
    item.id = "scs-search-option-" + number;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.setAttribute("data-href", siteRoot() + doc.u);
    var title = document.createElement("p");
    title.className = "scs-result__title";
    appendHighlighted(title, doc.t, terms, analyzer);
    item.appendChild(title);
    item.appendChild(resultMeta(doc));
    resultSnippet(item, doc, terms, analyzer);
    return item;
  }

  function render(list, status, found, analyzer, limit, makeItem) {
    list.textContent = "";
    found.hits.slice(0, limit).forEach(function (doc, number) {
      list.appendChild(makeItem(doc, found.terms, analyzer, number));
    });
    var text = countText(found.hits.length);
    if (found.hits.length > limit) text += ", die ersten " + limit + " werden angezeigt";
    status.textContent = text;
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function failed(status) {
    return function () { status.textContent = "Die Suche konnte nicht geladen werden."; };
  }

  function startHeader(form) {
    var input = form.querySelector("input[name=q]");
    var panel = form.querySelector("[data-scs-search-panel]");
    var status = form.querySelector("[data-scs-search-status]");
    var count = form.querySelector("[data-scs-search-count]");
    var list = form.querySelector("[data-scs-search-results]");
    var more = form.querySelector("[data-scs-search-more]");

    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }
    function activate(option) {
      options().forEach(function (other) {
        other.setAttribute("aria-selected", other === option ? "true" : "false");
      });
      if (option) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function active() {
      var id = input.getAttribute("aria-activedescendant");
      return id ? document.getElementById(id) : null;
    }
    function open() { panel.hidden = false; input.setAttribute("aria-expanded", "true"); }
    function close() { activate(null); panel.hidden = true; input.setAttribute("aria-expanded", "false"); }
    function choose(option) { root.location.href = option.getAttribute("data-href"); }

    var update = debounce(function () {
      var text = input.value.trim();
      if (!text) {
        close(); status.textContent = ""; count.textContent = ""; list.textContent = "";
        list.removeAttribute("data-scs-search-query");
        return;
      }
      load().then(function (engine) {
        if (input.value.trim() !== text) return; // a newer query is on its way
        var found = search(engine, text, {});
        activate(null);
        render(list, status, found, engine.analyzer, HEADER_LIMIT, optionItem);
        list.setAttribute("data-scs-search-query", text);  // which query the options belong to
        count.textContent = status.textContent;
        more.href = form.action.split("?")[0] + "?q=" + encodeURIComponent(text);
        more.hidden = found.hits.length <= HEADER_LIMIT;
        open();
      }, failed(status));
    }, 40);

    input.addEventListener("focus", function () { load().catch(function () {}); });
    input.addEventListener("input", update);
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) close();
    });
    input.addEventListener("keydown", function (event) {
      var all = options();
      var at = all.indexOf(active());
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        open();
        activate(all[Math.min(at + 1, all.length - 1)]);
      } else if (event.key === "ArrowUp" && all.length && !panel.hidden) {
        event.preventDefault();
        activate(at > 0 ? all[at - 1] : null);
      } else if (event.key === "Enter" && at >= 0 && !panel.hidden) {
        event.preventDefault();  // the chosen option, not the search page
        choose(all[at]);
      } else if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        close();
      }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus in the field
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) choose(option);
    });
    if (input.value.trim()) update();
  }

  function startPage(form) {
    var fields = ["q", "typ", "hf", "mb"].map(function (name) { return form.elements[name]; });
    var status = document.querySelector("[data-scs-search-page-status]");
    var list = document.querySelector("[data-scs-search-page-results]");
    Array.prototype.forEach.call(document.querySelectorAll(".scs-search-nojs"), function (el) { el.hidden = true; });
    var params = new URLSearchParams(root.location.search);
    fields.forEach(function (field) { field.value = params.get(field.name) || ""; });
    function values() {
      var out = {};
      fields.forEach(function (field) { out[field.name] = field.value.trim(); });
      return out;
    }
    function run() {
      var facets = values();
      var query = new URLSearchParams();
      fields.forEach(function (field) { if (facets[field.name]) query.set(field.name, facets[field.name]); });
      var search_ = query.toString();
      root.history.replaceState(null, "", search_ ? "?" + search_ : root.location.pathname);
      if (!facets.q) { status.textContent = "Bitte einen Suchbegriff eingeben."; list.textContent = ""; return; }
      status.textContent = "Suche l\u00e4uft \u2026";
      load().then(function (engine) {
        if (values().q !== facets.q) return;
        render(list, status, search(engine, facets.q, facets), engine.analyzer, PAGE_LIMIT, function (doc, terms, analyzer) {
          return resultItem(doc, terms, analyzer, "h2");
        });
      }, failed(status));
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    fields[0].addEventListener("input", debounce(run, 120));
    fields.slice(1).forEach(function (field) { field.addEventListener("change", run); });
    run();
  }

  function start() {
    var header = document.querySelector("form[data-scs-search-header]");
    if (header) startHeader(header);
    var page = document.querySelector("form[data-scs-search-page]");
    if (page) startPage(page);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(typeof self !== "undefined" ? self : this);
