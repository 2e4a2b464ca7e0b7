/* Container Atlas, what changed between two dates (from=YYYY-MM, to=YYYY-MM in the address): the
 * entities and relations that appeared and disappeared, drawn on the whole graph in two styles that
 * differ in more than colour (blue, solid and thick: appeared; vermilion, dashed: disappeared), and
 * listed with the citations that date them (from graph.json). */
(function (A) {
  "use strict";

  var ADDED = "#0072b2", REMOVED = "#d55e00"; // Okabe-Ito blue and vermilion: told apart in every common colour-vision

  A.controls.changes = function (graph) {
    var figure = graph.figure, data = graph.data, byId = graph.byId, network = graph.network;
    var form = figure.querySelector("[data-atlas-changes-form]");
    var status = figure.querySelector(".atlas-status");
    var lists = figure.querySelector("[data-atlas-changes-lists]");
    var root = graph.container.getAttribute("data-atlas-doc");
    var doc = null, docNodes = Object.create(null), docLinks = Object.create(null);
    var change = { nodes: {}, edges: {} }; // id -> "added" | "removed" | "same"
    graph.filters.push(function (n) { return Boolean(change.nodes[n.id]); });
    graph.edgeFilters.push(function (e) { return Boolean(change.edges[e.id]); });
    graph.look = function (n) {
      var c = change.nodes[n.id];
      if (c === "added") return { borderWidth: 4, color: { background: n.colour, border: ADDED }, shapeProperties: { borderDashes: false } };
      if (c === "removed") return { borderWidth: 4, color: { background: n.colour, border: REMOVED }, shapeProperties: { borderDashes: [5, 4] } };
      if (c === "same") return { opacity: 0.35 };
      return null;
    };
    graph.edgeLook = function (e) {
      var c = change.edges[e.id];
      if (c === "added") return { width: 3, dashes: false, color: { color: ADDED, opacity: 1 } };
      if (c === "removed") return { width: 3, dashes: [6, 5], color: { color: REMOVED, opacity: 1 } };
      if (c === "same") return { color: { opacity: 0.25 } };
      return null;
    };

    function holdsNode(n, day) { return A.time.nodeHolds(day, n); }
    function holdsEdge(e, day) {
      return A.time.edgeHolds(day, e, byId);
    }
    function kind(before, after) { return before && after ? "same" : after ? "added" : before ? "removed" : ""; }

    function citeList(sources) {
      var span = A.el("span", "atlas-cites");
      (sources || []).forEach(function (s) {
        var parts = s.split("#"), src = docNodes[parts[0]];
        if (!src) return;
        var locator = parts[1] || "", paragraph = /^p[1-9][0-9]*$/.test(locator);
        var a = A.link(paragraph ? "\u00b6" + locator.slice(1) : locator ? "\u00a7" : "source",
                       root.replace(/graph\.json$/, "") + src.url + (locator ? "#" + (paragraph ? locator : "s-" + locator) : ""));
        a.className = "atlas-cite";
        a.title = src.title + (locator ? (paragraph ? ", paragraph " + locator.slice(1) : ", " + locator.replace(/-/g, " ")) : "");
        span.appendChild(document.createTextNode(" "));
        span.appendChild(a);
      });
      return span;
    }

    // The citations that date an entity's start or end: those of the attribute holding that date.
    function lifeSources(id, date) {
      var node = docNodes[id];
      if (!node) return [];
      var names = Object.keys(node.attributes || {}).filter(function (k) { return node.attributes[k].value === date; });
      return names.length ? node.attributes[names[0]].sources : [];
    }

    function nodeLink(id) {
      var n = docNodes[id] || byId[id];
      return n && n.url ? A.link(n.title || n.label, root.replace(/graph\.json$/, "") + n.url) : A.el("span", "", id);
    }

    function section(title, items) {
      var box = A.el("section", "atlas-changes-list");
      box.appendChild(A.el("h3", "", title + " (" + items.length + ")"));
      if (!items.length) { box.appendChild(A.el("p", "atlas-empty", "None.")); return box; }
      var ul = A.el("ul");
      items.forEach(function (li) { ul.appendChild(li); });
      box.appendChild(ul);
      return box;
    }

    function compare(fromMonth, toMonth, remember) {
      var d1 = A.time.dayOf(fromMonth), d2 = toMonth >= A.time.thisMonth() ? A.time.today() : A.time.dayOf(toMonth);
      change = { nodes: {}, edges: {} };
      var counts = { added: 0, removed: 0 };
      data.nodes.forEach(function (n) {
        change.nodes[n.id] = kind(holdsNode(n, d1), holdsNode(n, d2));
        if (change.nodes[n.id] in counts) counts[change.nodes[n.id]] += 1;
      });
      data.edges.forEach(function (e) { change.edges[e.id] = kind(holdsEdge(e, d1), holdsEdge(e, d2)); });
      graph.state.changes = change;
      graph.refresh();
      graph.restyle();
      var a = A.time.human(A.time.monthText(fromMonth)), b = A.time.human(A.time.monthText(toMonth));
      status.textContent = "Between " + a + " and " + b + ": " + counts.added + " entities appeared and " +
        counts.removed + " disappeared.";
      if (remember) A.writeParams({ from: A.time.monthText(fromMonth), to: A.time.monthText(toMonth) });
      if (doc) renderLists(d1, d2);
    }

    function entityItems(which, d1, d2) {
      return data.nodes.filter(function (n) { return change.nodes[n.id] === which; }).sort(function (x, y) {
        return x.label.localeCompare(y.label);
      }).map(function (n) {
        var li = A.el("li");
        li.appendChild(nodeLink(n.id));
        var date = which === "added" ? n.start : n.end;
        var word = which === "added" ? (n.startBy || "started") : (n.endBy || "ended");
        li.appendChild(document.createTextNode(" \u2014 " + word + " " + A.time.human(date)));
        li.appendChild(citeList(lifeSources(n.id, date)));
        return li;
      });
    }

    function relationItems(which, d1, d2) {
      var out = [];
      data.edges.forEach(function (e) {
        if (change.edges[e.id] !== which) return;
        (docLinks[e.from + "\u0000" + e.to] || []).forEach(function (l) {
          var before = A.time.holds(d1, l.since, l.until), after = A.time.holds(d2, l.since, l.until);
          var li = A.el("li");
          li.appendChild(nodeLink(l.source));
          li.appendChild(document.createTextNode(" "));
          li.appendChild(A.el("em", "", l.label));
          li.appendChild(document.createTextNode(" "));
          li.appendChild(nodeLink(l.target));
          var dated = [l.since ? "from " + A.time.human(l.since) : "", l.until ? "until " + A.time.human(l.until) : ""]
            .filter(Boolean).join(", ");
          if (dated) li.appendChild(document.createTextNode(" (" + dated + ")"));
          else if (before === after) li.appendChild(document.createTextNode(" (with its ends)"));
          li.appendChild(citeList(l.sources));
          out.push([l.source + l.type + l.target, li]);
        });
      });
      return out.sort(function (x, y) { return x[0] < y[0] ? -1 : 1; }).map(function (x) { return x[1]; });
    }

    function renderLists(d1, d2) {
      lists.replaceChildren(
        section("Entities that appeared", entityItems("added", d1, d2)),
        section("Entities that disappeared", entityItems("removed", d1, d2)),
        section("Relations that appeared", relationItems("added", d1, d2)),
        section("Relations that disappeared", relationItems("removed", d1, d2)));
      graph.container.setAttribute("data-atlas-compared", "true");
    }

    var first = A.time.earliest(data), last = A.time.thisMonth();
    var fromInput = form.elements.from, toInput = form.elements.to;
    if (first !== null) fromInput.min = toInput.min = A.time.monthText(first);
    fromInput.max = toInput.max = A.time.monthText(last);
    var p = A.params();
    var fromMonth = A.time.monthOf(p.get("from")), toMonth = A.time.monthOf(p.get("to"));
    if (fromMonth !== null) fromInput.value = A.time.monthText(fromMonth);
    toInput.value = A.time.monthText(toMonth === null ? last : toMonth);

    function run(remember) {
      var f = A.time.monthOf(fromInput.value), t = A.time.monthOf(toInput.value);
      if (f === null || t === null) { status.textContent = "Give two dates, year and month."; return; }
      compare(Math.min(f, t), Math.max(f, t), remember);
    }
    graph.on(form, "submit", function (ev) { ev.preventDefault(); run(true); });
    network.on("click", function (p) { if (p.nodes.length) graph.open(p.nodes[0]); });
    graph.compare = function (a, b) { fromInput.value = a; toInput.value = b; run(true); };
    run(false);
    network.fit({ animation: false });

    fetch(root).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + r.statusText);
      return r.json();
    }).then(function (d) {
      doc = d;
      d.nodes.forEach(function (n) { docNodes[n.id] = n; });
      d.links.forEach(function (l) { (docLinks[l.source + "\u0000" + l.target] = docLinks[l.source + "\u0000" + l.target] || []).push(l); });
      run(false);
    }).catch(function (error) {
      lists.replaceChildren(A.el("p", "atlas-empty", "The list of changes could not be loaded (" + error.message + "); the graph above shows them."));
    });
  };
})(Atlas);
