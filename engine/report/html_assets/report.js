/* rulecheck HTML report: filters over the overview, and each document's findings built when it is opened.
   A document's data is the JSON in the script element "dN" (after this script); its page images are data: URIs in "dNiK".
   Nothing is fetched: the page works from disk, offline. */
(function () {
  "use strict";
  var rules = JSON.parse(document.getElementById("rules").textContent);
  var state = { severities: new Set(["error", "warning", "info"]), rule: "", doc: "", text: "" };
  var LETTERS = { error: "e", warning: "w", info: "i" };
  var cache = new Map();
  var open = null; // { number, data, finding, cite }
  var rowsStale = false; // filters changed while a document was open
  var overview = document.getElementById("overview");
  var view = document.getElementById("document");
  var back = document.getElementById("back");
  var tbody = document.querySelector("#documents tbody");

  function detail(number) {
    if (!cache.has(number)) cache.set(number, JSON.parse(document.getElementById("d" + number).textContent));
    return cache.get(number);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function label(index) {
    return index < 20 ? String.fromCharCode(0x2460 + index) : "(" + (index + 1) + ")";
  }

  /* --- filters ---------------------------------------------------------------------------- */

  function filtering() {
    return state.severities.size < 3 || state.rule !== "" || state.text !== "";
  }

  function searchable(finding, path) {
    var rule = rules[finding.rule] || {};
    var parts = [finding.rule, finding.message, rule.title, finding.expected, finding.found, path];
    finding.cites.forEach(function (cite) { parts.push(cite.quote, cite.table, cite.row, cite.column, cite.value); });
    return parts.filter(Boolean).join("\n").toLowerCase();
  }

  function matches(finding, path) {
    if (!state.severities.has(finding.severity)) return false;
    if (state.rule && finding.rule !== state.rule) return false;
    if (state.text) {
      if (finding._text === undefined) finding._text = searchable(finding, path);
      if (finding._text.indexOf(state.text) < 0) return false;
    }
    return true;
  }

  function indexedCount(row) {
    var count = 0;
    (row.dataset.f || "").split(" ").forEach(function (entry) {
      if (!entry) return;
      var parts = entry.split(":");
      var severity = parts[1] === "e" ? "error" : parts[1] === "w" ? "warning" : "info";
      if (state.severities.has(severity) && (!state.rule || state.rule === parts[0])) count += +parts[2];
    });
    return count;
  }

  function filterRows() {
    var rows = tbody.rows, shown = 0, found = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var path = row.cells[0].textContent;
      var visible = !state.doc || path.toLowerCase().indexOf(state.doc) >= 0;
      if (visible && filtering()) {
        var number = +row.dataset.doc;
        var count = state.text ? detail(number).findings.filter(function (f) { return matches(f, path); }).length
                               : indexedCount(row);
        visible = count > 0;
        found += count;
      }
      row.hidden = !visible;
      if (visible) shown++;
    }
    document.getElementById("shown").textContent = shown + " of " + rows.length + " document(s)" +
      (filtering() ? ", " + found + " matching finding(s)" : "");
    stickBelowFilters();
  }

  var pending = null;
  function applyFilters() {
    state.severities = new Set(Array.prototype.map.call(
      document.querySelectorAll("input[name=severity]:checked"), function (box) { return box.value; }));
    state.rule = document.getElementById("rule-filter").value;
    state.doc = document.getElementById("doc-filter").value.trim().toLowerCase();
    state.text = document.getElementById("text-filter").value.trim().toLowerCase();
    if (open) { renderFindings(); rowsStale = true; } else filterRows();
  }
  function later() { clearTimeout(pending); pending = setTimeout(applyFilters, 150); }

  document.querySelectorAll("input[name=severity]").forEach(function (box) { box.addEventListener("change", applyFilters); });
  document.getElementById("rule-filter").addEventListener("change", applyFilters);
  document.getElementById("doc-filter").addEventListener("input", later);
  document.getElementById("text-filter").addEventListener("input", later);
  document.querySelectorAll("button.rule-link").forEach(function (button) {
    button.addEventListener("click", function () {
      document.getElementById("rule-filter").value = button.dataset.rule;
      applyFilters();
    });
  });

  function stickBelowFilters() {  // the documents table's head sticks just below the filters, however they wrap
    document.documentElement.style.setProperty("--bar", document.querySelector("nav.filters").offsetHeight + "px");
  }

  /* --- one document ----------------------------------------------------------------------- */

  /* Opening a document is a history entry (#dN), so the browser's Back returns to the overview;
     it is shown at once rather than on `hashchange`, which a large file delays by a few hundred ms. */
  tbody.addEventListener("click", function (event) {
    var row = event.target.closest("tr[data-doc]");
    if (!row) return;
    history.pushState(null, "", "#d" + row.dataset.doc);
    whenParsed(route);
  });
  back.addEventListener("click", function () {
    history.pushState(null, "", location.pathname + location.search);
    route();
  });
  window.addEventListener("popstate", route);
  window.addEventListener("hashchange", route);

  function route() {
    var match = /^#d(\d+)$/.exec(location.hash);
    if (match && document.getElementById("d" + match[1])) {
      if (!open || open.number !== +match[1]) showDocument(+match[1]);
    } else if (open || overview.hidden) showOverview();
  }

  function whenParsed(action) {  // the script runs before the documents' data, which follows it in the file
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", action, { once: true });
    else action();
  }

  function showOverview() {
    open = null;
    view.hidden = true;
    view.textContent = "";
    overview.hidden = false;
    back.hidden = true;
    if (rowsStale) filterRows();
    rowsStale = false;
  }

  function showDocument(number) {
    var data = detail(number);
    open = { number: number, data: data, finding: -1, cite: -1 };
    view.textContent = "";
    view.appendChild(documentHead(data));
    var list = el("section", "findings");
    list.id = "findings";
    var viewer = el("section", "viewer");
    viewer.id = "viewer";
    viewer.appendChild(el("p", "empty", "Choose a citation to see the place it cites."));
    view.appendChild(list);
    view.appendChild(viewer);
    overview.hidden = true;
    view.hidden = false;
    back.hidden = false;
    window.scrollTo(0, 0);
    renderFindings();
    var first = list.querySelector("button.cite");
    if (first) first.click();
  }

  function documentHead(data) {
    var head = el("div", "doc-head");
    head.appendChild(el("h2", null, data.path));
    if (data.bundle) {  // one disclosure in several files, checked as one document
      head.appendChild(el("p", "coverage", "bundle of " + data.bundle.parts.length + " files: " +
        data.bundle.parts.map(function (part) { return part.split("/").pop(); }).join(" + ")));
    }
    if (data.status === "error") head.appendChild(el("p", "bad", "Could not be read: " + (data.error || "")));
    var coverage = data.coverage;
    if (coverage) {
      var line = el("p", "coverage");
      var tables = coverage.tables || {};
      var kinds = Object.keys(tables).sort().map(function (kind) { return kind + " " + tables[kind]; });
      [["recognised tables", kinds.join(", ") || "none"],
       ["unrecognised tables", (coverage.unrecognized_tables || []).join(", ") || "none"],
       ["statements", coverage.statements], ["pages", coverage.pages],
       ["pages without text", (coverage.pages_without_text || []).join(", ") || "none"]].forEach(function (pair) {
        if (pair[1] === undefined || pair[1] === null) return;
        line.appendChild(el("b", null, pair[0] + ": "));
        line.appendChild(document.createTextNode(pair[1] + "  "));
      });
      head.appendChild(line);
    }
    head.appendChild(el("p", "muted count"));
    return head;
  }

  function renderFindings() {
    var data = open.data, list = document.getElementById("findings"), shown = 0;
    list.textContent = "";
    data.findings.forEach(function (finding, index) {
      if (!matches(finding, data.path)) return;
      list.appendChild(findingCard(finding, index));
      shown++;
    });
    if (!data.findings.length) list.appendChild(el("p", "muted", data.status === "error" ? "Not checked." : "No findings."));
    else if (!shown) list.appendChild(el("p", "muted", "No finding matches the filters."));
    view.querySelector(".doc-head .count").textContent = shown + " of " + data.findings.length + " finding(s) shown";
    markCurrent();
  }

  function findingCard(finding, index) {
    var rule = rules[finding.rule] || {};
    var card = el("article", "finding s" + (LETTERS[finding.severity] || "i"));
    card.dataset.index = index;
    var head = el("div", "head");
    head.appendChild(el("span", "badge", finding.severity));
    head.appendChild(el("span", "code", finding.rule));
    head.appendChild(el("span", "title", rule.title || ""));
    if (finding.status !== "fail") head.appendChild(el("span", "muted", "(" + finding.status + ")"));
    card.appendChild(head);
    card.appendChild(el("p", "message", finding.message));
    if (finding.expected !== undefined || finding.found !== undefined) {
      var values = el("dl");
      [["expected", finding.expected], ["found", finding.found]].forEach(function (pair) {
        if (pair[1] === undefined) return;
        var item = el("div");
        item.appendChild(el("dt", null, pair[0]));
        item.appendChild(el("dd", null, pair[1]));
        values.appendChild(item);
      });
      card.appendChild(values);
    }
    var basis = finding.basis || rule.basis;
    if (basis) card.appendChild(meta("legal basis", basis));
    if (rule.why) card.appendChild(meta("why", rule.why));
    var cites = el("ol", "cites");
    finding.cites.forEach(function (cite, position) {
      var button = el("button", "cite");
      button.type = "button";
      button.dataset.finding = index;
      button.dataset.cite = position;
      button.appendChild(el("span", "tag", label(position)));
      button.appendChild(document.createTextNode(" " + citeText(cite) + " "));
      button.appendChild(el("span", "where", cite.page ? "page " + cite.page : "line " + cite.line));
      button.addEventListener("click", function () { showPlace(index, position); });
      var item = el("li");
      item.appendChild(button);
      cites.appendChild(item);
    });
    if (!finding.cites.length) cites.appendChild(el("li", "muted", "(cites no place)"));
    card.appendChild(cites);
    return card;
  }

  function meta(name, text) {
    var line = el("p", "meta");
    line.appendChild(el("b", null, name + ": "));
    line.appendChild(document.createTextNode(text));
    return line;
  }

  function citeText(cite) {
    var where = [cite.table, cite.row, cite.column].filter(Boolean).join(" / ");
    var text = where ? where + (cite.value ? " = " + cite.value : "") : (cite.quote || "");
    return text || "(blank)";
  }

  /* --- the cited place -------------------------------------------------------------------- */

  function showPlace(findingIndex, citeIndex) {
    open.finding = findingIndex;
    open.cite = citeIndex;
    var finding = open.data.findings[findingIndex], cite = finding.cites[citeIndex];
    var place = open.data.places[cite.place];
    var viewer = document.getElementById("viewer");
    viewer.textContent = "";
    viewer.appendChild(caption(cite, citeIndex, place));
    var body = el("div", "scroll");  // the place scrolls under its caption
    viewer.appendChild(body);
    if (!place) body.appendChild(el("p", "empty", "This citation names no place that could be shown."));
    else if (place.kind === "text") body.appendChild(textWindow(finding, cite, place));
    else if (place.kind === "page") body.appendChild(pageImage(finding, cite, place));
    else body.appendChild(el("p", "empty", place.reason || "This place cannot be shown."));
    markCurrent();
    var current = body.querySelector(".current");
    if (current) centre(body, current);
  }

  function caption(cite, index, place) {
    var box = el("div", "caption");
    box.appendChild(el("span", "tag", label(index)));
    var file = place && place.path ? place.path.split("/").pop() + " · " : "";  // a bundle: the part cited
    box.appendChild(document.createTextNode(" " + file + (cite.page ? "page " + cite.page : "line " + cite.line) +
      (cite.value ? " · value " + cite.value : "")));
    if (cite.table) box.appendChild(el("div", "headers", "table: " + cite.table));
    if (cite.row || cite.column) {
      box.appendChild(el("div", "headers", [cite.row ? "row: " + cite.row : "", cite.column ? "column: " + cite.column : ""]
        .filter(Boolean).join("   ·   ")));
    }
    if (!cite.table && cite.quote) box.appendChild(el("div", "headers", "quote: " + cite.quote));
    return box;
  }

  function sameSpot(finding, place) {
    var spots = [];
    finding.cites.forEach(function (cite, position) { if (cite.place === place) spots.push([position, cite]); });
    return spots;
  }

  function textWindow(finding, chosen, place) {
    var window_ = el("div", "window");
    var marks = {};
    sameSpot(finding, chosen.place).forEach(function (spot) {
      if (!spot[1].mark) return;
      (marks[spot[1].line] = marks[spot[1].line] || []).push(spot);
    });
    place.lines.forEach(function (text, offset) {
      var number = place.first + offset;
      var row = el("div", "src-line");
      row.appendChild(el("span", "ln", String(number)));
      var line = el("span", "text");
      row.appendChild(line);
      var here = (marks[number] || []).sort(function (a, b) { return a[1].mark[0] - b[1].mark[0]; });
      if (here.length) row.classList.add("cited");
      var at = 0;
      here.forEach(function (spot) {
        var start = Math.max(spot[1].mark[0], at), end = Math.max(spot[1].mark[1], start);
        appendText(line, text.slice(at, start));
        var mark = el("mark", spot[1] === chosen ? "current" : null);
        if (end === start) { mark.classList.add("blank"); mark.title = "blank cell"; }
        appendText(mark, text.slice(start, end));
        mark.appendChild(el("sup", null, label(spot[0])));
        line.appendChild(mark);
        at = end;
      });
      appendText(line, text.slice(at));
      window_.appendChild(row);
    });
    return window_;
  }

  function appendText(parent, text) {
    var pieces = text.split("\t");
    pieces.forEach(function (piece, index) {
      if (index) parent.appendChild(el("span", "tab", "\t"));
      if (piece) parent.appendChild(document.createTextNode(piece));
    });
  }

  function pageImage(finding, chosen, place) {
    var page = el("div", "page");
    page.title = "click: full size / fit the viewer";
    page.addEventListener("click", function () {  // the whole page fits the viewer; full size for small print
      page.style.width = page.style.width ? "" : place.pixels + "px";
      var current = page.querySelector(".box.current");
      if (current) centre(page.parentNode, current);
    });
    var image = el("img");
    image.alt = "page " + place.page;
    image.src = document.getElementById("d" + open.number + "i" + place.image).textContent;
    page.appendChild(image);
    sameSpot(finding, chosen.place).forEach(function (spot) {
      var cite = spot[1], box = cite.box;
      if (!box) return;
      var outline = el("div", "box" + (cite === chosen ? " current" : ""));
      outline.style.left = (100 * box[0] / place.width) + "%";
      outline.style.top = (100 * box[1] / place.height) + "%";
      outline.style.width = (100 * (box[2] - box[0]) / place.width) + "%";
      outline.style.height = (100 * (box[3] - box[1]) / place.height) + "%";
      var tag = el("span", "tag", label(spot[0]));  // the number only: a longer label would hide the figures around
      if (cite.value) tag.title = cite.value;
      outline.appendChild(tag);
      page.appendChild(outline);
    });
    return page;
  }

  function centre(viewer, target) {
    var top = 0, left = 0, node = target;
    while (node && node !== viewer) { top += node.offsetTop; left += node.offsetLeft; node = node.offsetParent; }
    if (node !== viewer) return;
    viewer.scrollTop = Math.max(0, top - viewer.clientHeight / 2);
    viewer.scrollLeft = Math.max(0, left - viewer.clientWidth / 2);
  }

  function markCurrent() {
    if (!open) return;
    view.querySelectorAll(".finding.active, button.cite.current").forEach(function (node) {
      node.classList.remove("active", "current");
    });
    var card = view.querySelector('.finding[data-index="' + open.finding + '"]');
    if (!card) return;
    card.classList.add("active");
    var button = card.querySelector('button.cite[data-cite="' + open.cite + '"]');
    if (button) button.classList.add("current");
  }

  document.getElementById("shown").textContent = tbody.rows.length + " document(s)";
  stickBelowFilters();
  if (location.hash) whenParsed(route);
}());
