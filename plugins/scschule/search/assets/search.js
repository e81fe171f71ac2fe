/* Portal search: loads lunr.js, lunr.de and the index prebuilt at build time on first use
 * (focus on a search field, or opening /suche/), then searches while the visitor types.
 * Query words go through the same steps as the words of the index (see search/german.py):
 * split at every non-word character, lunr.de's trimmer, the index's stop words, umlaut
 * folding, lunr.de's Snowball stemmer. A word that matches nothing is corrected to the
 * closest index term ("Meinten Sie"); no hits at all show overviews and the newest guides.
 * Snippets show the passage around the first matching word (texts/<n>.json, fetched after the
 * first result is shown); only whole words that match after the same analysis are marked.
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
  var SNIPPET_CHARS = 280;
  var SNIPPET_BEFORE = 60; // characters of context before the first match
  var TEXT_SHARD = 50; // pages per file in texts/; mirrors index.TEXT_SHARD
  /* Inflection endings a compound's head may carry; mirrors german.Decompounder.ENDINGS. */
  var ENDINGS = ["", "e", "n", "en", "s", "es", "er", "ern"];

  /* ae/oe/ue -> ä/ö/ü, except "ue" after a vowel or q ("neue", "Quelle"); mirrors german.fold. */
  function fold(word) {
    return word.replace(/ue|ae|oe/g, function (match, offset, whole) {
      if (match === "ue" && offset > 0 && AFTER_VOWEL.test(whole.charAt(offset - 1))) return match;
      return UMLAUT[match];
    });
  }

  /* --- Analysis: the same steps as search/german.py ---------------------------------- */

  /* stopWords: the index's list (index.json "stopWords"); without it lunr.de's own. */
  function createAnalyzer(lunr, stopWords) {
    var separator = new RegExp("[^" + lunr.de.wordCharacters + "0-9]+");
    var stop = null;
    if (stopWords) {
      stop = {};
      stopWords.forEach(function (word) { stop[word] = true; });
    }
    function run(fn, word) {
      var token = fn(new lunr.Token(word, {}));
      return token ? token.toString() : "";
    }
    function isStopWord(word) {
      return stop ? stop.hasOwnProperty(word) : !run(lunr.de.stopWordFilter, word);
    }
    /* Lower case, split at every run of non-word characters; mirrors german.split_words. */
    function splitWords(text) {
      return text.toLowerCase().split(separator).filter(function (word) { return word; });
    }
    /* The index term of one word, or "" for stop words and punctuation; mirrors german.term. */
    function term(word) {
      var trimmed = run(lunr.de.trimmer, word.toLowerCase());
      if (!trimmed || isStopWord(trimmed)) return "";
      return run(lunr.de.stemmer, fold(trimmed));
    }
    function queryTerms(text) {
      var seen = {};
      var terms = [];
      splitWords(text).forEach(function (word) {
        var t = term(word);
        if (t && !seen[t]) { seen[t] = true; terms.push(t); }
      });
      return terms;
    }
    return { fold: fold, term: term, queryTerms: queryTerms, splitWords: splitWords };
  }

  /* --- Typos: "Meinten Sie" ------------------------------------------------------------ */

  /* Edit distance allowed for a stem that matches nothing; mirrors query.typo_distance. */
  function typoDistance(term) {
    return term.length <= 4 ? 0 : term.length < 8 ? 1 : 2;
  }

  /* Levenshtein distance, or limit + 1 once it must exceed limit; mirrors query.edit_distance. */
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var least = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        current.push(value);
        if (value < least) least = value;
      }
      if (least > limit) return limit + 1;
      previous = current;
    }
    return previous[b.length];
  }

  function pageCount(index, term) {
    var posting = index.invertedIndex[term];
    var refs = {};
    index.fields.forEach(function (field) { Object.keys(posting[field] || {}).forEach(function (r) { refs[r] = true; }); });
    return Object.keys(refs).length;
  }

  /* The index term closest to term: fewest edits, then most pages, then alphabetical;
   * mirrors query.correction. */
  function correction(index, term) {
    var distance = typoDistance(term);
    if (!distance) return null;
    var best = null;
    Object.keys(index.invertedIndex).forEach(function (candidate) {
      var d = editDistance(term, candidate, distance);
      if (d > distance) return;
      var key = [d, -pageCount(index, candidate), candidate];
      if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] ||
          (key[1] === best[1] && key[2] < best[2])))) best = key;
    });
    return best ? best[2] : null;
  }

  /* Whether some index term is term or (from MIN_PREFIX letters) starts with it;
   * mirrors query._matches_something. sorted: the index terms in code-unit order. */
  function matchesSomething(sorted, term) {
    var low = 0;
    var high = sorted.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (sorted[mid] < term) low = mid + 1; else high = mid;
    }
    if (low === sorted.length) return false;
    return sorted[low] === term || (term.length >= MIN_PREFIX && sorted[low].indexOf(term) === 0);
  }

  /* --- Highlighting and snippets ------------------------------------------------------- */

  /* Whether one word of a title or text is a match: its term starts with a query term (the
   * search matches prefixes), or it ends in a query word plus an inflection ending (a
   * compound found by its head: "Straßenbeleuchtung" for "Beleuchtung"). Whole words only:
   * "Berleburg" is no match for "Bürger". */
  function isMatch(word, found, analyzer) {
    var lower = word.toLowerCase();
    var stem = analyzer.term(lower);
    if (!stem) return false;
    var folded = fold(lower);
    return found.terms.some(function (t) { return stem.indexOf(t) === 0; }) ||
      found.words.some(function (q) {
        var at = folded.lastIndexOf(q);
        return q.length >= 4 && at > 0 && ENDINGS.indexOf(folded.slice(at + q.length)) >= 0;
      });
  }

  var WORD = /[0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+/g;

  /* Appends text to parent, wrapping each word that matches in <mark>. */
  function appendHighlighted(parent, text, found, analyzer) {
    var words = new RegExp(WORD.source, "g");
    var last = 0;
    var match;
    while ((match = words.exec(text)) !== null) {
      if (!isMatch(match[0], found, analyzer)) continue;
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      parent.appendChild(mark);
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /* The passage of text around its first matching word, about SNIPPET_CHARS long, cut at
   * word boundaries; the text's beginning when nothing in it matches. */
  function snippetAround(text, found, analyzer) {
    var words = new RegExp(WORD.source, "g");
    var match;
    var at = -1;
    while ((match = words.exec(text)) !== null) {
      if (isMatch(match[0], found, analyzer)) { at = match.index; break; }
    }
    var start = 0;
    if (at > SNIPPET_BEFORE) {
      start = text.lastIndexOf(" ", at - SNIPPET_BEFORE) + 1;
      if (start <= 0 || at - start > 2 * SNIPPET_BEFORE) start = at - SNIPPET_BEFORE;
    }
    var end = start + SNIPPET_CHARS;
    if (end >= text.length) end = text.length;
    else {
      var space = text.lastIndexOf(" ", end);
      if (space > at && space > start + SNIPPET_CHARS / 2) end = space;
    }
    return (start > 0 ? "\u2026 " : "") + text.slice(start, end) + (end < text.length ? " \u2026" : "");
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
    module.exports = { fold: fold, createAnalyzer: createAnalyzer, expand: expand, createEngine: createEngine,
      typoDistance: typoDistance,
      editDistance: editDistance, correction: correction, isMatch: isMatch, snippetAround: snippetAround,
      search: search, foundWords: foundWords };
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
        return createEngine(root.lunr, parts[1], parts[2]);
      });
    return loading;
  }

  /* The search over a loaded compact index and its display records (also used in node). */
  function createEngine(lunr, compact, docs) {
    var foldToken = function (token) { return token.update(fold); };
    lunr.Pipeline.registerFunction(foldToken, "umlautFold-de");
    docs.forEach(function (doc, ref) { doc.r = ref; });
    // compact.terms is sorted (Python's code-point order; the same as JS's for the BMP).
    return { lunr: lunr, analyzer: createAnalyzer(lunr, compact.stopWords), index: lunr.Index.load(expand(compact)),
      terms: compact.terms,
      docs: docs, overviews: compact.overviews || [], newest: compact.newest || [], texts: {}, shards: {} };
  }

  /* The texts of the pages refs, for snippets around the match: fetched only once results
   * are on screen, each shard (texts/<n>.json) once per page view. */
  function loadTexts(engine, refs) {
    var wanted = {};
    refs.forEach(function (ref) { wanted[Math.floor(ref / TEXT_SHARD)] = true; });
    return Promise.all(Object.keys(wanted).map(function (n) {
      if (!engine.shards[n]) {
        engine.shards[n] = fetchJson(assetRoot() + "texts/" + n + ".json").then(function (texts) {
          texts.forEach(function (text, i) { engine.texts[Number(n) * TEXT_SHARD + i] = text; });
        });
      }
      return engine.shards[n];
    }));
  }

  /* Hits for text, best first: every word must match (as a prefix, exact stems count more);
   * a word that matches nothing is replaced by its correction. Mirrors query.find. */
  function search(engine, text, facets) {
    var lunr = engine.lunr;
    var index = engine.index;
    var terms = engine.analyzer.queryTerms(text);
    var found = { terms: terms, hits: [], corrected: {}, words: foundWords(engine.analyzer, text) };
    if (!terms.length) return found;
    for (var i = 0; i < terms.length; i++) {
      if (matchesSomething(engine.terms, terms[i])) continue;
      var better = correction(index, terms[i]);
      if (better === null) return found; // a word nothing resembles: no hit can contain it
      found.corrected[terms[i]] = better;
    }
    var seen = {};
    found.terms = [];
    terms.forEach(function (t) {
      var used = found.corrected.hasOwnProperty(t) ? found.corrected[t] : t;
      if (!seen[used]) { seen[used] = true; found.terms.push(used); }
    });
    var results = index.query(function (query) {
      found.terms.forEach(function (stem) {
        query.term(stem, {
          usePipeline: false,
          presence: lunr.Query.presence.REQUIRED,
          wildcard: stem.length >= MIN_PREFIX ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
        query.term(stem, { usePipeline: false, boost: EXACT_BOOST });
      });
    });
    results.forEach(function (result) {
      var doc = engine.docs[Number(result.ref)];
      if (admit(doc, facets || {})) found.hits.push(doc);
    });
    return found;
  }

  /* The folded query words that are no stop words: a compound's head is marked by them. */
  function foundWords(analyzer, text) {
    return analyzer.splitWords(text).filter(function (w) { return analyzer.term(w); }).map(fold);
  }

  function admit(doc, facets) {
    return (!facets.typ || doc.k === facets.typ) &&
      (!facets.hf || doc.h.indexOf(facets.hf) >= 0) &&
      (!facets.mb || doc.b.indexOf(facets.mb) >= 0);
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

  function resultSnippet(item, doc, found, engine) {
    var text = engine.texts.hasOwnProperty(doc.r) ? engine.texts[doc.r] : doc.s;
    if (!text) return;
    var snippet = document.createElement("p");
    snippet.className = "scs-result__snippet";
    snippet.setAttribute("data-scs-ref", doc.r);
    appendHighlighted(snippet, snippetAround(text, found, engine.analyzer), found, engine.analyzer);
    item.appendChild(snippet);
  }

  /* A result of the search page: a heading with a link. */
  function resultItem(doc, found, engine, headingTag) {
    var item = document.createElement("li");
    item.className = "scs-result";
    var heading = document.createElement(headingTag);
    heading.className = "scs-result__title";
    var link = document.createElement("a");
    link.href = siteRoot() + doc.u;
    appendHighlighted(link, doc.t, found, engine.analyzer);
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(resultMeta(doc));
    resultSnippet(item, doc, found, engine);
    return item;
  }

  /* A result in the header's listbox: an option (no link inside: an option's content is not
     interactive); choosing it opens data-href. */
  function optionItem(doc, found, engine, number) {
    var item = document.createElement("li");
    item.className = "scs-result";
    item.id = "scs-search-option-" + number;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.setAttribute("data-href", siteRoot() + doc.u);
    var title = document.createElement("p");
    title.className = "scs-result__title";
    appendHighlighted(title, doc.t, found, engine.analyzer);
    item.appendChild(title);
    item.appendChild(resultMeta(doc));
    resultSnippet(item, doc, found, engine);
    return item;
  }

  /* Once texts.json is there, each shown snippet becomes the passage around its match. */
  function fillSnippets(snippets, found, engine) {
    Array.prototype.forEach.call(snippets, function (snippet) {
      var text = engine.texts[Number(snippet.getAttribute("data-scs-ref"))];
      if (!text || !snippet.isConnected) return; // isConnected: a newer search replaced the list
      snippet.textContent = "";
      appendHighlighted(snippet, snippetAround(text, found, engine.analyzer), found, engine.analyzer);
    });
  }

  /* --- Zero results and "Meinten Sie" -------------------------------------------------- */

  /* A word of the hits whose term is term (as the reader would write it), else term itself. */
  function surfaceWord(term, found, engine) {
    var words = new RegExp(WORD.source, "g");
    var prefixed = null;
    var hits = found.hits.slice(0, 20);
    for (var i = 0; i < hits.length; i++) {
      var text = hits[i].t + " " + hits[i].s;
      var match;
      words.lastIndex = 0;
      while ((match = words.exec(text)) !== null) {
        var t = engine.analyzer.term(match[0].toLowerCase());
        if (t === term) return match[0];
        if (!prefixed && t.indexOf(term) === 0) prefixed = match[0];
      }
    }
    return prefixed || term;
  }

  /* The query with each corrected word replaced by the word the index knows. */
  function suggestion(text, found, engine) {
    return text.replace(new RegExp(WORD.source, "g"), function (word) {
      var t = engine.analyzer.term(word.toLowerCase());
      return found.corrected.hasOwnProperty(t) ? surfaceWord(found.corrected[t], found, engine) : word;
    });
  }

  /* The element after the result list that holds "Meinten Sie" and the zero-results help. */
  function helpAfter(list) {
    var help = list.nextElementSibling;
    if (!help || !help.classList.contains("scs-search-help")) {
      help = document.createElement("div");
      help.className = "scs-search-help";
      list.parentNode.insertBefore(help, list.nextSibling);
    }
    help.textContent = "";
    return help;
  }

  function linkItem(parent, label, url) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = siteRoot() + url;
    link.textContent = label;
    item.appendChild(link);
    parent.appendChild(item);
  }

  function quoted(text) { return "\u201e" + text + "\u201c"; }

  /* Fills the help element; returns the text for the live status (what a screen reader hears). */
  function renderHelp(help, text, found, engine, searchUrl) {
    if (Object.keys(found.corrected).length && found.hits.length) {
      var better = suggestion(text, found, engine);
      var line = document.createElement("p");
      line.className = "scs-search-suggestion";
      line.appendChild(document.createTextNode("Meinten Sie: "));
      var link = document.createElement("a");
      link.href = searchUrl + "?q=" + encodeURIComponent(better);
      link.textContent = better;
      line.appendChild(link);
      line.appendChild(document.createTextNode("? Gezeigt werden die Treffer daf\u00fcr."));
      help.appendChild(line);
      return "Keine Treffer f\u00fcr " + quoted(text) + ". Meinten Sie " + quoted(better) + "? " +
        countText(found.hits.length) + " daf\u00fcr";
    }
    if (found.hits.length || !found.terms.length) return "";
    var intro = document.createElement("p");
    intro.textContent = "Keine Treffer f\u00fcr " + quoted(text) +
      ". Pr\u00fcfen Sie die Schreibweise, versuchen Sie ein allgemeineres Wort oder st\u00f6bern Sie in den \u00dcbersichten:";
    help.appendChild(intro);
    var overviews = document.createElement("ul");
    engine.overviews.forEach(function (o) { linkItem(overviews, o[0], o[1]); });
    help.appendChild(overviews);
    if (engine.newest.length) {
      var label = document.createElement("p");
      label.textContent = "Neueste Leitf\u00e4den:";
      help.appendChild(label);
      var newest = document.createElement("ul");
      engine.newest.forEach(function (ref) { linkItem(newest, engine.docs[ref].t, engine.docs[ref].u); });
      help.appendChild(newest);
    }
    return "Keine Treffer f\u00fcr " + quoted(text) + ". Darunter stehen \u00dcbersichten und die neuesten Leitf\u00e4den.";
  }

  function render(list, status, found, engine, limit, makeItem, text, searchUrl) {
    list.textContent = "";
    found.hits.slice(0, limit).forEach(function (doc, number) {
      list.appendChild(makeItem(doc, found, engine, number));
    });
    var count = countText(found.hits.length);
    if (found.hits.length > limit) count += ", die ersten " + limit + " werden angezeigt";
    status.textContent = renderHelp(helpAfter(list), text, found, engine, searchUrl) || count;
    var shown = found.hits.slice(0, limit).map(function (doc) { return doc.r; });
    if (shown.some(function (ref) { return !engine.texts.hasOwnProperty(ref); })) {
      var snippets = list.querySelectorAll("[data-scs-ref]");
      loadTexts(engine, shown).then(function () { fillSnippets(snippets, found, engine); }, function () {});
    }
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
        close(); status.textContent = ""; count.textContent = ""; list.textContent = ""; helpAfter(list);
        list.removeAttribute("data-scs-search-query");
        return;
      }
      load().then(function (engine) {
        if (input.value.trim() !== text) return; // a newer query is on its way
        var found = search(engine, text, {});
        activate(null);
        render(list, status, found, engine, HEADER_LIMIT, optionItem, text, form.action.split("?")[0]);
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
        render(list, status, search(engine, facets.q, facets), engine, PAGE_LIMIT, function (doc, found, engine) {
          return resultItem(doc, found, engine, "h2");
        }, facets.q, root.location.pathname);
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
