/* Container Atlas, the global graph: filter by entity type and relation type, find by name or alias,
 * select a node to highlight its neighbourhood and show a side panel, zoom to fit, reset, and show it
 * as of a date. What the reader sees (hide=types, hiderel=relation types, focus=id, at=YYYY-MM) lives in
 * the address. The legend's counts, the search and the panel follow the date. */
(function (A) {
  "use strict";

  // Before the first frame: the types and relations the address hides (hide=, hiderel=), full window
  // (full=), and Play's captions, asked for when the date first moves. With a node to focus on (focus=), the first view waits for the network: the
  // panel it opens narrows the graph.
  A.before.global = function (graph) {
    var state = graph.state, p0 = A.params();
    graph.filters.push(function (n) { return !state.hiddenTypes[n.type]; });
    (p0.get("hide") || "").split(",").forEach(function (t) { if (t) state.hiddenTypes[t] = true; });
    (p0.get("hiderel") || "").split(",").forEach(function (t) { if (t) state.hiddenRelations[t] = true; });
    tick(graph.figure, state);
    if (p0.get("focus") && graph.byId[p0.get("focus")]) graph.firstView = function () { return null; };
    if (A.full) A.full(graph);
    if (A.story) graph.story = A.story(graph);
    // a search asked for while the library loads is run when the network starts
    var search = graph.figure.querySelector(".atlas-search");
    if (search) {
      graph.on(search, "change", function () { if (!graph.network) graph.searchAsked = true; });
      graph.on(search, "keydown", function (ev) {
        if (ev.key === "Enter" && !graph.network) { ev.preventDefault(); graph.searchAsked = true; }
      });
    }
    panel(graph);
  };
  var PHONE = "(max-width: 37.5em)";

  // The legend's boxes: ticked for what is shown (`read`: the other way, the boxes into the state).
  function tick(figure, state, read) {
    [["[data-atlas-type]", "data-atlas-type", "hiddenTypes"],
     ["[data-atlas-relation]", "data-atlas-relation", "hiddenRelations"]].forEach(function (k) {
      figure.querySelectorAll(k[0]).forEach(function (b) {
        var t = b.getAttribute(k[1]);
        if (!read) b.checked = !state[k[2]][t];
        else if (b.checked) delete state[k[2]][t];
        else state[k[2]][t] = true;
      });
    });
  }

  // The side panel of the selected node, and `select`, which the first frame (preview.js) calls too:
  // a click answers before the network is made, and the network starts with that selection.
  function panel(graph) {
    var state = graph.state, data = graph.data, byId = graph.byId, on = graph.on;
    var panel = graph.figure.querySelector(".atlas-panel");
    var edgeInForce = function (e) { return A.time.edgeHolds(state.day, e, byId); };
    var remember = function () { rememberState(state); };
    graph.renderPanel = function (n) {
      if (!panel) return;
      if (!n) {
        panel.hidden = true;
        panel.replaceChildren();
        return;
      }
      var items = A.el("ul", "atlas-panel__relations");
      graph.adjacent[n.id].filter(function (x) { return edgeInForce(x.edge); }).sort(function (a, b) {
        return byId[a.other].label.localeCompare(byId[b.other].label);
      }).forEach(function (x) {
        x.edge.types.forEach(function (t) {
          var li = A.el("li");
          li.appendChild(A.el("span", "atlas-panel__label", A.relationLabel(data.relationTypes, t, !x.out) + " "));
          var other = byId[x.other];
          var a = other.url ? A.link(other.label, other.url) : A.el("span", "", other.label);
          a.setAttribute("data-atlas-select", other.id);
          li.appendChild(a);
          items.appendChild(li);
        });
      });
      var close = A.button("atlas-panel__close", "×", { "aria-label": "Close the panel" });
      on(close, "click", function () { select(null, true); });
      // the summary is in the summaries' files (tooltip.js), asked for once and kept on the node
      var summary = A.el("p", "atlas-panel__summary", n.summary === undefined ? "\u2026" : n.summary);
      if (n.summary === undefined) {
        A.summary(n.id).then(function (text) { n.summary = text; summary.textContent = text; },
                             function () { summary.textContent = ""; });
      }
      var children = [close, A.el("h3", "atlas-panel__title", n.label), A.el("p", "atlas-panel__type", n.typeLabel),
                      summary];
      if (graph.timeFirst !== undefined) {  // a graph with dates (time.js)
        children.push(A.el("p", "atlas-panel__status", A.time.status(n, state.day === null ? A.time.today() : state.day)));
      }
      if (n.url) {
        var openLink = A.link("Open the page", n.url);
        openLink.className = "md-button md-button--primary";
        children.push(A.el("p")); children[children.length - 1].appendChild(openLink);
      }
      children.push(A.el("h4", "", "Relations (" + items.children.length + ")"), items);
      panel.replaceChildren.apply(panel, children);
      panel.hidden = false;
    };

    graph.select = function (id, rememberIt) {
      state.focus = id && byId[id] ? id : null;
      var network = graph.network;
      if (!network) {
        graph.redraw(); // the first frame: the focus and what it dims
      } else {
        if (state.focus && graph.nodeView.get(state.focus)) network.selectNodes([state.focus], true);
        else network.unselectAll();
        graph.restyle();
      }
      graph.renderPanel(state.focus ? byId[state.focus] : null);
      if (rememberIt) remember();
    };
    var select = graph.select;
    if (panel) {
      on(panel, "click", function (ev) {
        var target = ev.target.closest("[data-atlas-select]");
        if (target && !(ev.ctrlKey || ev.metaKey || ev.shiftKey)) {
          ev.preventDefault();
          var id = target.getAttribute("data-atlas-select");
          if (graph.focusOn) graph.focusOn(id); else select(id, true);
        }
      });
    }
  }

  function rememberState(state) {
    A.writeParams({
      at: state.month || null,
      focus: state.focus,
      hide: Object.keys(state.hiddenTypes).sort().join(","),
      hiderel: Object.keys(state.hiddenRelations).sort().join(","),
    });
  }

  A.controls.global = function (graph) {
    var state = graph.state, network = graph.network, data = graph.data, figure = graph.figure;
    var byId = graph.byId, on = graph.on;
    var panel = figure.querySelector(".atlas-panel");
    var search = figure.querySelector(".atlas-search");
    var list = figure.querySelector("datalist");
    var typeBoxes = figure.querySelectorAll("[data-atlas-type]");
    var relationBoxes = figure.querySelectorAll("[data-atlas-relation]");
    var status = A.el("p", "atlas-status");
    status.setAttribute("role", "status");
    if (search) search.parentNode.appendChild(status);
    var inForce = function (n) { return A.time.nodeHolds(state.day, n); };
    var edgeInForce = function (e) { return A.time.edgeHolds(state.day, e, byId); };

    var remember = function () { rememberState(state); };
    var select = graph.select, renderPanel = graph.renderPanel;

    var applyFilters = function () {
      tick(figure, state);
      if (state.focus && state.hiddenTypes[byId[state.focus].type]) select(null, false);
      graph.refresh();
    };

    // On a phone the panel is a sheet over the bottom of the screen: keep the selected node in the part
    // of the graph above it.
    var phone = window.matchMedia ? window.matchMedia(PHONE) : { matches: false };
    var keepInView = function (id) {
      if (!panel || panel.hidden || !phone.matches || !graph.nodeView.get(id)) return;
      var box = graph.container.getBoundingClientRect(), sheet = panel.getBoundingClientRect();
      if (Math.min(box.bottom, sheet.top) - Math.max(box.top, 0) < 120) {
        graph.container.scrollIntoView({ block: "start" });
        box = graph.container.getBoundingClientRect();
        sheet = panel.getBoundingClientRect();
      }
      var top = Math.max(box.top, 0), bottom = Math.min(box.bottom, sheet.top);
      network.moveTo({ position: network.getPosition(id), scale: network.getScale(), animation: false,
                       offset: { x: 0, y: (top + bottom) / 2 - (box.top + box.height / 2) } });
    };
    graph.keepInView = keepInView;

    var focusOn = function (id) {
      var n = byId[id];
      if (!n) return;
      if (state.hiddenTypes[n.type]) {
        delete state.hiddenTypes[n.type];
        applyFilters();
      }
      select(id, true);
      if (!inForce(n)) return; // not on the graph at this date: the panel says why
      if (phone.matches) {
        network.moveTo({ scale: Math.max(network.getScale(), 1.2), animation: false });
        keepInView(id);
        return;
      }
      network.redraw(); // the panel may have narrowed the canvas
      network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
    };
    graph.focusOn = focusOn;

    var find = function (query) {
      return A.findByName(data.nodes, query, function (n) { return n.label; });
    };
    graph.find = find;

    // the names the search box offers, a slice per task: 10,000 options at once would block the page
    if (list) {
      var names = [];
      data.nodes.forEach(function (n) {
        if (!n.url) return;
        [n.label].concat(n.aliases || []).forEach(function (name) { names.push([name, n.label]); });
      });
      list.replaceChildren();
      (function fill(at) {
        if (graph.destroyed) return;
        var options = names.slice(at, at + 1000).map(function (x) {
          var o = document.createElement("option");
          o.value = x[0];
          if (x[0] !== x[1]) o.label = x[1];
          return o;
        });
        list.append.apply(list, options);
        if (at + 1000 < names.length) setTimeout(function () { fill(at + 1000); }, 0);
      })(0);
    }

    if (search) {
      var go = function () {
        var id = find(search.value);
        status.textContent = id || !search.value.trim() ? "" : "No entity matches \u201c" + search.value.trim() + "\u201d.";
        if (id && !inForce(byId[id])) {
          status.textContent = byId[id].label + " is not on the graph at this date. " +
            A.time.status(byId[id], state.day === null ? A.time.today() : state.day);
        }
        search.setAttribute("aria-invalid", String(!id && !!search.value.trim()));
        if (id) focusOn(id);
      };
      on(search, "change", go);
      on(search, "keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); go(); } });
    }

    // a ticked box shows its type; `hidden` names the state's set ("hiddenTypes", "hiddenRelations")
    var toggles = function (boxes, attribute, hidden) {
      boxes.forEach(function (b) {
        on(b, "change", function () {
          var t = b.getAttribute(attribute);
          if (b.checked) delete state[hidden][t]; else state[hidden][t] = true;
          applyFilters();
          remember();
        });
      });
    };
    toggles(typeBoxes, "data-atlas-type", "hiddenTypes");
    toggles(relationBoxes, "data-atlas-relation", "hiddenRelations");

    figure.querySelectorAll("[data-action]").forEach(function (b) {
      on(b, "click", function () {
        if (b.getAttribute("data-action") === "fit") {
          network.fit({ animation: { duration: 300 } });
          return;
        }
        state.hiddenTypes = {};
        state.hiddenRelations = {};
        if (search) search.value = "";
        status.textContent = "";
        applyFilters();
        select(null, true);
        network.fit({ animation: false });
      });
    });

    network.on("click", function (p) {  // a tap, on a phone
      if (p.nodes.length) { select(p.nodes[0], true); keepInView(p.nodes[0]); }
      else if (!p.edges.length) select(null, true);
    });
    network.on("doubleClick", function (p) { if (p.nodes.length) graph.open(p.nodes[0]); });

    // The legend counts what is on the graph at the date shown.
    var typeCounts = figure.querySelectorAll("[data-atlas-type]");
    var relationCounts = figure.querySelectorAll("[data-atlas-relation]");
    var recount = function () {
      var types = {}, relations = {};
      data.nodes.forEach(function (n) { if (inForce(n)) types[n.type] = (types[n.type] || 0) + 1; });
      data.edges.forEach(function (e) {
        if (edgeInForce(e)) e.types.forEach(function (t) { relations[t] = (relations[t] || 0) + 1; });
      });
      var undated = figure.querySelector("[data-atlas-undated]");
      if (undated) {
        undated.textContent = String(data.nodes.filter(function (n) { return n.undated && inForce(n); }).length);
      }
      [[typeCounts, "data-atlas-type", types], [relationCounts, "data-atlas-relation", relations]].forEach(function (k) {
        k[0].forEach(function (box) {
          var count = box.closest("li").querySelector(".atlas-count");
          if (count) count.textContent = String(k[2][box.getAttribute(k[1])] || 0);
        });
      });
    };
    if (A.overview) A.overview(graph);
    A.time.follow(graph, function () {
      recount();
      renderPanel(state.focus ? byId[state.focus] : null);
      if (search && search.value.trim()) status.textContent = "";
    });

    // The first view: what the address asks for (read before the first frame), and any box the reader
    // changed while the library loaded.
    var p0 = A.params();
    var asked = JSON.stringify([state.hiddenTypes, state.hiddenRelations]);
    tick(figure, state, true);
    var changed = asked !== JSON.stringify([state.hiddenTypes, state.hiddenRelations]);
    if (changed || Object.keys(state.hiddenTypes).length || Object.keys(state.hiddenRelations).length) applyFilters();
    if (changed) remember();
    if (graph.preview && (graph.moved || state.focus)) {  // what the reader did on the first frame
      if (state.focus) select(state.focus, false); // the view: the first frame's (preview.js)
    } else if (graph.searchAsked && search && search.value.trim()) {
      network.fit({ animation: false });
      go();
    } else if (p0.get("focus") && byId[p0.get("focus")]) {
      select(p0.get("focus"), false);
      network.redraw();
      network.fit({ animation: false });
      // a node that does not exist at the date asked for is selected (its panel says why) but not zoomed to
      if (graph.nodeView.get(state.focus)) network.focus(state.focus, { scale: 1.2, animation: false });
    } else if (!graph.preview) {
      network.fit({ animation: false });
    } // else the first frame's view, which is the fit's (preview.js): measuring every node again costs a long task
  };
})(Atlas);
