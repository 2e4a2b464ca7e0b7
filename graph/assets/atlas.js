/* Container Atlas: starts every graph on the page, once per page view.
 *
 * Graph data is JSON text in a <template data-atlas-json> beside each [data-atlas-graph] element,
 * or, for the global graph, a file named by its data-atlas-src attribute;
 * positions are computed at build time and physics stays off. Text reaches the DOM through
 * textContent only; labels are drawn on the canvas. Material's document$ emits on the first load
 * and after each instant navigation: the previous page's graphs are destroyed before the new
 * page's graphs start, so there is exactly one network per graph element.
 *
 * Global graph: filter by entity type and relation type, find by name or alias, select a node to
 * highlight its neighbourhood and show a side panel, zoom to fit, reset. Entity pages: depth 1-3.
 * What the reader sees (filters, focus, depth) lives in the address, so a link opens the same view.
 */
(function () {
  "use strict";

  var live = [];
  window.atlasGraphs = live;
  var BIG = 1500; // nodes: above this, edges hide while moving and edge labels stay off
  var LABELLED_EDGES = 4000;
  var ARROW_SCALE = 0.4; // big graphs: zoom from which arrowheads are drawn

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  function palette() {
    return {
      fg: cssVar("--md-default-fg-color", "#222"),
      edge: cssVar("--md-default-fg-color--light", "#888"),
      bg: cssVar("--md-default-bg-color", "#fff"),
      accent: cssVar("--md-accent-fg-color", "#526cfe"),
    };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(text, href) {
    var a = el("a", "", text);
    a.setAttribute("href", href);
    return a;
  }

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function writeParams(values) {
    var p = params();
    Object.keys(values).forEach(function (key) {
      var v = values[key];
      if (v === null || v === "" || v === undefined) p.delete(key);
      else p.set(key, v);
    });
    var query = p.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    history.replaceState(history.state, "", url);
  }

  // The entity a reader means: an exact name or alias, else one that starts with the query, else
  // one that contains it. Only nodes with a page count.
  function findByName(nodes, query, title) {
    var q = (query || "").trim().toLowerCase();
    if (!q) return null;
    var tests = [
      function (s) { return s === q; },
      function (s) { return s.indexOf(q) === 0; },
      function (s) { return s.indexOf(q) >= 0; },
    ];
    for (var i = 0; i < tests.length; i++) {
      for (var j = 0; j < nodes.length; j++) {
        var n = nodes[j];
        var names = [title(n)].concat(n.aliases || []);
        if (n.url && names.some(function (s) { return tests[i](s.toLowerCase()); })) return n.id;
      }
    }
    return null;
  }

  function Graph(container, data) {
    var self = this;
    var kind = container.getAttribute("data-atlas-graph");
    var figure = container.closest("[data-atlas-figure]") || container.parentNode;
    var big = data.nodes.length > BIG;
    var colours = palette();
    var byId = {};
    var adjacent = {};
    var missing = { label: "Missing page", colour: "#9e9e9e", shape: "dot" };
    data.nodes.forEach(function (n) {
      var t = (data.types || {})[n.type] || missing;
      n.typeLabel = t.label;
      n.colour = t.colour;
      n.shape = t.shape;
      byId[n.id] = n;
      adjacent[n.id] = [];
    });
    data.edges.forEach(function (e, i) {
      e.id = i;
      if (e.label === undefined) {
        e.label = e.types.map(function (t) { return (data.relationTypes[t] || { label: t }).label; }).join(", ");
      }
      if (adjacent[e.from]) adjacent[e.from].push({ edge: e, other: e.to, out: true });
      if (adjacent[e.to] && e.to !== e.from) adjacent[e.to].push({ edge: e, other: e.from, out: false });
    });

    this.container = container;
    this.data = data;
    this.kind = kind;
    this.drawn = false;
    this.state = { hiddenTypes: {}, hiddenRelations: {}, focus: null, depth: 1 };
    var state = this.state;
    var listeners = [];

    function on(target, type, fn) {
      target.addEventListener(type, fn);
      listeners.push([target, type, fn]);
    }

    // What most nodes and edges look like is set once, on the network (a group per entity type);
    // an item carries its own style only where it differs (the centre, the focus and what it
    // dims). Parsing a full style for each of 10,000 items would double the time to first draw.
    function defaults() {
      var groups = {};
      data.nodes.forEach(function (n) {
        if (groups[groupOf(n)]) return;
        groups[groupOf(n)] = {
          shape: n.shape,
          color: { background: n.colour, border: n.colour,
                   highlight: { background: n.colour, border: colours.accent },
                   hover: { background: n.colour, border: colours.accent } },
          font: { background: n.shape === "box" ? "rgba(0,0,0,0)" : colours.bg },
        };
      });
      return {
        groups: groups,
        nodes: { size: 12, borderWidth: 1, opacity: 1, font: { color: colours.fg, size: 13 } },
        edges: {
          smooth: false,
          arrows: { to: { enabled: arrowsOn, scaleFactor: 0.5 } },
          width: 1,
          color: { color: colours.edge, opacity: 1, highlight: colours.accent, hover: colours.accent },
          font: { color: colours.fg, size: 10, strokeWidth: 3, strokeColor: colours.bg, align: "middle" },
        },
      };
    }

    // A big graph draws its arrowheads only once zoomed in enough to see them: at a zoom that
    // fits 10,000 nodes they are specks, and drawing 20,000 of them costs a third of the first draw.
    var arrowsOn = !big;
    var labelledEdges = kind !== "global" || data.edges.length <= LABELLED_EDGES;

    function groupOf(n) {
      return "atlas-" + (n.type || "missing");
    }

    function dimmed(n) {
      return Boolean(state.focus) && state.focus !== n.id && !isNeighbour(state.focus, n.id);
    }

    function styled(n) {
      return n.id === data.centre || state.focus === n.id || dimmed(n);
    }

    function nodeItem(n) {
      return styled(n) ? nodeStyle(n) : { id: n.id, label: n.label, x: n.x, y: n.y, group: groupOf(n) };
    }

    function edgeItem(e) {
      if (state.focus) return edgeStyle(e);
      return { id: e.id, from: e.from, to: e.to, label: labelledEdges ? e.label : undefined };
    }

    function nodeStyle(n) {
      var centre = n.id === data.centre;
      var dim = dimmed(n);
      return {
        id: n.id,
        label: n.label,
        x: n.x,
        y: n.y,
        group: groupOf(n),
        shape: n.shape,
        size: centre ? 20 : 12,
        borderWidth: centre || state.focus === n.id ? 3 : 1,
        opacity: dim ? 0.2 : 1,
        color: {
          background: n.colour,
          border: centre || state.focus === n.id ? colours.fg : n.colour,
          highlight: { background: n.colour, border: colours.accent },
          hover: { background: n.colour, border: colours.accent },
        },
        font: {
          color: dim ? colours.edge : colours.fg,
          size: centre ? 16 : 13,
          background: n.shape === "box" ? undefined : colours.bg,
        },
      };
    }

    function edgeStyle(e) {
      var lit = state.focus && (e.from === state.focus || e.to === state.focus);
      return {
        id: e.id,
        from: e.from,
        to: e.to,
        label: labelledEdges ? e.label : undefined,
        width: lit ? 2 : 1,
        color: {
          color: lit ? colours.accent : colours.edge,
          opacity: state.focus && !lit ? 0.15 : 1,
          highlight: colours.accent,
          hover: colours.accent,
        },
        font: { color: colours.fg, size: 10, strokeWidth: 3, strokeColor: colours.bg, align: "middle" },
      };
    }

    function isNeighbour(a, b) {
      return adjacent[a] && adjacent[a].some(function (x) { return x.other === b; });
    }

    function nodeVisible(n) {
      if (kind === "local") return n.hop === undefined || n.hop <= state.depth;
      return !state.hiddenTypes[n.type];
    }

    function edgeVisible(e) {
      var a = byId[e.from], b = byId[e.to];
      if (!a || !b || !nodeVisible(a) || !nodeVisible(b)) return false;
      return e.types.some(function (t) { return !state.hiddenRelations[t]; });
    }

    var nodes = new vis.DataSet(data.nodes.map(nodeItem));
    var edges = new vis.DataSet(data.edges.map(edgeItem));
    var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeVisible(byId[n.id]); } });
    var edgeView = new vis.DataView(edges, { filter: function (e) { return edgeVisible(data.edges[e.id]); } });
    this.nodes = nodes;
    this.edges = edges;
    this.nodeView = nodeView;
    this.edgeView = edgeView;

    var base = defaults();
    var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
      groups: base.groups,
      nodes: base.nodes,
      edges: base.edges,
      physics: false,
      layout: { improvedLayout: false },
      interaction: {
        hover: true,
        tooltipDelay: 100,
        keyboard: { enabled: true, bindToWindow: false },
        multiselect: false,
        hideEdgesOnDrag: big,
        hideEdgesOnZoom: big,
      },
    });
    this.network = network;
    if (big) {
      network.on("afterDrawing", function () {  // after any zoom: the reader's, a fit, a focus
        var want = network.getScale() >= ARROW_SCALE;
        if (want === arrowsOn) return;
        arrowsOn = want;
        network.setOptions({ edges: { arrows: { to: { enabled: want, scaleFactor: 0.5 } } } });
      });
    }
    network.once("afterDrawing", function () {
      self.drawn = true;
      container.setAttribute("data-atlas-drawn", "true");
      container.setAttribute("data-atlas-drawn-at", String(Math.round(performance.now())));
    });

    // Tooltip: our own element, filled with textContent on hover.
    var stage = container.parentNode;
    var tip = el("div", "atlas-tooltip");
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    stage.appendChild(tip);

    function showTip(children, pointer) {
      tip.replaceChildren.apply(tip, children);
      tip.hidden = false;
      var box = container.getBoundingClientRect();
      var host = stage.getBoundingClientRect();
      var x = Math.min(pointer.x + 14, box.width - tip.offsetWidth - 4);
      tip.style.left = Math.max(4, x + box.left - host.left) + "px";
      tip.style.top = (pointer.y + 14 + box.top - host.top) + "px";
    }

    network.on("hoverNode", function (p) {
      var n = byId[p.node];
      container.style.cursor = "pointer";
      showTip([el("strong", "atlas-tip__title", n.label), el("span", "atlas-tip__type", n.typeLabel),
               el("span", "atlas-tip__summary", n.summary)], p.pointer.DOM);
    });
    network.on("blurNode", function () { container.style.cursor = ""; tip.hidden = true; });
    network.on("hoverEdge", function (p) {
      var e = data.edges[p.edge];
      var a = byId[e.from], b = byId[e.to];
      showTip([el("span", "atlas-tip__summary", a.label + " " + e.label + " " + b.label)], p.pointer.DOM);
    });
    network.on("blurEdge", function () { tip.hidden = true; });
    network.on("dragStart", function () { tip.hidden = true; });
    network.on("zoom", function () { tip.hidden = true; });

    function open(id) {
      var n = byId[id];
      if (n && n.url) window.location.assign(n.url);
    }

    function refresh() {
      nodeView.refresh();
      edgeView.refresh();
    }

    function restyle() {
      nodes.update(data.nodes.map(function (n) {
        var s = nodeStyle(n);
        delete s.x; delete s.y;
        return s;
      }));
      edges.update(data.edges.map(edgeStyle));
    }
    this.recolour = function () {
      colours = palette();
      network.setOptions(defaults());
      restyle();
    };

    // --- entity pages: depth ----------------------------------------------------------------
    if (kind === "local") {
      var buttons = figure.querySelectorAll("[data-depth]");
      var setDepth = function (depth, remember) {
        depth = Math.max(1, Math.min(depth, data.maxDepth || 1));
        state.depth = depth;
        buttons.forEach(function (b) {
          b.setAttribute("aria-pressed", String(Number(b.getAttribute("data-depth")) === depth));
        });
        refresh();
        network.fit({ animation: false });
        if (remember) writeParams({ depth: depth === 1 ? null : String(depth) });
      };
      buttons.forEach(function (b) {
        on(b, "click", function () { setDepth(Number(b.getAttribute("data-depth")), true); });
      });
      network.on("click", function (p) { if (p.nodes.length) open(p.nodes[0]); });
      this.setDepth = setDepth;
      setDepth(Number(params().get("depth")) || 1, false);
    }

    // --- the global graph: filters, search, selection, panel --------------------------------
    if (kind === "global") {
      var panel = figure.querySelector(".atlas-panel");
      var search = figure.querySelector(".atlas-search");
      var list = figure.querySelector("datalist");
      var typeBoxes = figure.querySelectorAll("[data-atlas-type]");
      var relationBoxes = figure.querySelectorAll("[data-atlas-relation]");
      var status = el("p", "atlas-status");
      status.setAttribute("role", "status");
      if (search) search.parentNode.appendChild(status);

      var remember = function () {
        writeParams({
          focus: state.focus,
          hide: Object.keys(state.hiddenTypes).sort().join(","),
          hiderel: Object.keys(state.hiddenRelations).sort().join(","),
        });
      };

      var applyFilters = function () {
        typeBoxes.forEach(function (b) { b.checked = !state.hiddenTypes[b.getAttribute("data-atlas-type")]; });
        relationBoxes.forEach(function (b) {
          b.checked = !state.hiddenRelations[b.getAttribute("data-atlas-relation")];
        });
        if (state.focus && !nodeVisible(byId[state.focus])) select(null, false);
        refresh();
      };

      var renderPanel = function (n) {
        if (!panel) return;
        if (!n) {
          panel.hidden = true;
          panel.replaceChildren();
          return;
        }
        var items = el("ul", "atlas-panel__relations");
        adjacent[n.id].slice().sort(function (a, b) {
          return byId[a.other].label.localeCompare(byId[b.other].label);
        }).forEach(function (x) {
          x.edge.types.forEach(function (t) {
            var rt = data.relationTypes[t] || { label: t, inverse: t };
            var li = el("li");
            li.appendChild(el("span", "atlas-panel__label", (x.out ? rt.label : rt.inverse) + " "));
            var other = byId[x.other];
            var a = other.url ? link(other.label, other.url) : el("span", "", other.label);
            a.setAttribute("data-atlas-select", other.id);
            li.appendChild(a);
            items.appendChild(li);
          });
        });
        var close = el("button", "atlas-panel__close", "×");
        close.type = "button";
        close.setAttribute("aria-label", "Close the panel");
        on(close, "click", function () { select(null, true); });
        var children = [close, el("h3", "atlas-panel__title", n.label), el("p", "atlas-panel__type", n.typeLabel),
                        el("p", "atlas-panel__summary", n.summary)];
        if (n.url) {
          var openLink = link("Open the page", n.url);
          openLink.className = "md-button md-button--primary";
          children.push(el("p")); children[children.length - 1].appendChild(openLink);
        }
        children.push(el("h4", "", "Relations (" + items.children.length + ")"), items);
        panel.replaceChildren.apply(panel, children);
        panel.hidden = false;
      };

      var select = function (id, rememberIt) {
        state.focus = id && byId[id] ? id : null;
        if (state.focus) {
          network.selectNodes([state.focus], true);
        } else {
          network.unselectAll();
        }
        restyle();
        renderPanel(state.focus ? byId[state.focus] : null);
        if (rememberIt) remember();
      };
      this.select = select;

      var focusOn = function (id) {
        var n = byId[id];
        if (!n) return;
        if (state.hiddenTypes[n.type]) {
          delete state.hiddenTypes[n.type];
          applyFilters();
        }
        select(id, true);
        network.redraw(); // the panel may have narrowed the canvas
        network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
      };
      this.focusOn = focusOn;

      var find = function (query) {
        return findByName(data.nodes, query, function (n) { return n.label; });
      };
      this.find = find;

      if (list) {
        var options = [];
        data.nodes.forEach(function (n) {
          if (!n.url) return;
          [n.label].concat(n.aliases || []).forEach(function (name) {
            var o = document.createElement("option");
            o.value = name;
            if (name !== n.label) o.label = n.label;
            options.push(o);
          });
        });
        list.replaceChildren.apply(list, options);
      }

      if (search) {
        var go = function () {
          var id = find(search.value);
          status.textContent = id || !search.value.trim() ? "" : "No entity matches \u201c" + search.value.trim() + "\u201d.";
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

      if (panel) {
        on(panel, "click", function (ev) {
          var target = ev.target.closest("[data-atlas-select]");
          if (target && !(ev.ctrlKey || ev.metaKey || ev.shiftKey)) {
            ev.preventDefault();
            focusOn(target.getAttribute("data-atlas-select"));
          }
        });
      }

      network.on("click", function (p) {
        if (p.nodes.length) select(p.nodes[0], true);
        else if (!p.edges.length) select(null, true);
      });
      network.on("doubleClick", function (p) { if (p.nodes.length) open(p.nodes[0]); });

      // The address: hide=types, hiderel=relation types, focus=id.
      var p0 = params();
      (p0.get("hide") || "").split(",").forEach(function (t) { if (t) state.hiddenTypes[t] = true; });
      (p0.get("hiderel") || "").split(",").forEach(function (t) { if (t) state.hiddenRelations[t] = true; });
      applyFilters();
      if (p0.get("focus") && byId[p0.get("focus")]) {
        select(p0.get("focus"), false);
        network.redraw();
        network.fit({ animation: false });
        network.focus(state.focus, { scale: 1.2, animation: false });
      } else {
        network.fit({ animation: false });
      }
    }

    if (kind === "path") network.on("click", function (p) { if (p.nodes.length) open(p.nodes[0]); });
    if (kind !== "global" && kind !== "local") network.fit({ animation: false });

    this.destroy = function () {
      listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2]); });
      listeners = [];
      network.destroy();
      if (tip.parentNode) tip.parentNode.removeChild(tip);
    };
  }


  // --- connections: the shortest typed paths between two entities, over graph.json ----------

  function Connections(form) {
    var root = form.getAttribute("data-atlas-root");
    var types = JSON.parse(form.getAttribute("data-atlas-types"));
    var relationTypes = JSON.parse(form.getAttribute("data-atlas-relations"));
    var status = form.querySelector(".atlas-status");
    var out = form.querySelector(".atlas-paths");
    var figure = form.querySelector("[data-atlas-figure]");
    var container = figure.querySelector(".atlas-graph");
    var inputs = { from: form.elements.from, to: form.elements.to };
    var self = this;
    var doc = null, byId = {}, adjacent = {}, graph = null;
    this.paths = [];

    function resolve(name) {
      var q = (name || "").trim().toLowerCase();
      if (byId[q] && byId[q].url) return q;
      return findByName(doc.nodes, name, function (n) { return n.title; });
    }

    function shortest(a, b, limit) {
      var dist = {}, preds = {}, queue = [a];
      dist[a] = 0;
      preds[a] = [];
      for (var qi = 0; qi < queue.length; qi++) {
        var u = queue[qi];
        if (u === b) break;
        Object.keys(adjacent[u] || {}).sort().forEach(function (v) {
          if (dist[v] === undefined) { dist[v] = dist[u] + 1; preds[v] = [u]; queue.push(v); }
          else if (dist[v] === dist[u] + 1) preds[v].push(u);
        });
      }
      if (dist[b] === undefined) return [];
      var nodePaths = [];
      (function walk(node, tail) {
        if (nodePaths.length >= limit) return;
        if (node === a) { nodePaths.push([a].concat(tail)); return; }
        preds[node].slice().sort().forEach(function (p) { walk(p, [node].concat(tail)); });
      })(b, []);
      nodePaths.sort(function (x, y) { return x.join("\u0000") < y.join("\u0000") ? -1 : 1; });
      var paths = [];
      nodePaths.forEach(function (nodes) {
        var expanded = [[]];
        for (var i = 0; i + 1 < nodes.length; i++) {
          var options = adjacent[nodes[i]][nodes[i + 1]];
          var next = [];
          expanded.forEach(function (path) {
            options.forEach(function (step) { if (next.length < limit) next.push(path.concat([step])); });
          });
          expanded = next;
        }
        expanded.forEach(function (p) { if (paths.length < limit) paths.push(p); });
      });
      return paths;
    }

    function nodeLink(id) {
      var n = byId[id];
      return link(n.title, root + n.url);
    }

    function cite(source) {
      var parts = source.split("#");
      var src = byId[parts[0]];
      var text = parts[1] ? "\u00b6" + parts[1].replace(/^p/, "") : "source";
      if (!src) return el("span", "atlas-cite", source);
      var a = link(text, root + src.url + (parts[1] ? "#" + parts[1] : ""));
      a.className = "atlas-cite";
      a.title = src.title + (parts[1] ? ", paragraph " + parts[1].replace(/^p/, "") : "");
      return a;
    }

    function show(a, b, remember) {
      if (graph) { graph.destroy(); live.splice(live.indexOf(graph), 1); graph = null; }
      out.replaceChildren();
      figure.hidden = true;
      self.paths = [];
      if (!a || !b) {
        status.textContent = "Name two entities: " + (!a ? "the first" : "the second") + " matches none.";
        return;
      }
      if (remember) writeParams({ from: a, to: b });
      if (a === b) { status.textContent = "That is the same entity twice."; return; }
      var paths = shortest(a, b, 10);
      self.paths = paths;
      if (!paths.length) {
        status.textContent = "No chain of relations links " + byId[a].title + " and " + byId[b].title + ".";
        return;
      }
      var steps = paths[0].length;
      status.textContent = paths.length + " shortest path" + (paths.length > 1 ? "s" : "") + " of " + steps +
        " step" + (steps > 1 ? "s" : "") + " from " + byId[a].title + " to " + byId[b].title + ".";
      var list = el("ol", "atlas-path-list");
      paths.forEach(function (path) {
        var item = el("li");
        var sentences = el("ol", "atlas-path");
        path.forEach(function (step) {
          var li = el("li");
          li.appendChild(nodeLink(step.start));
          li.appendChild(document.createTextNode(" "));
          li.appendChild(el("em", "", step.label));
          li.appendChild(document.createTextNode(" "));
          li.appendChild(nodeLink(step.end));
          step.link.sources.forEach(function (s) { li.appendChild(document.createTextNode(" ")); li.appendChild(cite(s)); });
          sentences.appendChild(li);
        });
        item.appendChild(sentences);
        list.appendChild(item);
      });
      out.appendChild(list);
      // the paths as a graph: one row per path, each step one column further
      var placed = {}, nodes = [], edges = {}, row = 0;
      paths.forEach(function (path) {
        var ids = [path[0].start].concat(path.map(function (s) { return s.end; }));
        ids.forEach(function (id, col) {
          if (placed[id]) return;
          placed[id] = true;
          var n = byId[id];
          nodes.push({ id: id, label: n.title, x: col * 220, y: row * 110, type: n.type, summary: n.summary,
                       url: root + n.url });
        });
        path.forEach(function (s) {
          var key = s.link.source + "\u0000" + s.link.target;
          edges[key] = edges[key] || { from: s.link.source, to: s.link.target, types: [], labels: [] };
          if (edges[key].types.indexOf(s.link.type) < 0) {
            edges[key].types.push(s.link.type);
            edges[key].labels.push(s.link.label);
          }
        });
        row += 1;
      });
      var data = { centre: "", nodes: nodes, types: types, relationTypes: {},
                   edges: Object.keys(edges).sort().map(function (k) {
                     var e = edges[k];
                     return { from: e.from, to: e.to, types: e.types, label: e.labels.join(", ") };
                   }) };
      figure.hidden = false;
      container.setAttribute("data-atlas-graph", "path");
      graph = new Graph(container, data);
      live.push(graph);
    }
    this.show = show;

    function run(remember) {
      show(resolve(inputs.from.value), resolve(inputs.to.value), remember);
    }

    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(true); });
    status.textContent = "Loading the graph\u2026";
    fetch(root + "graph.json").then(function (r) { return r.json(); }).then(function (d) {
      doc = d;
      doc.nodes.forEach(function (n) { byId[n.id] = n; adjacent[n.id] = {}; });
      doc.links.forEach(function (l) {
        var rt = relationTypes[l.type] || { label: l.label, inverse: l.label + " (inverse)" };
        (adjacent[l.source][l.target] = adjacent[l.source][l.target] || []).push(
          { start: l.source, end: l.target, label: rt.label, link: l });
        (adjacent[l.target][l.source] = adjacent[l.target][l.source] || []).push(
          { start: l.target, end: l.source, label: rt.inverse, link: l });
      });
      var list = form.querySelector("datalist");
      list.replaceChildren.apply(list, doc.nodes.reduce(function (acc, n) {
        [n.title].concat(n.aliases).forEach(function (name) {
          var o = document.createElement("option");
          o.value = name;
          acc.push(o);
        });
        return acc;
      }, []));
      status.textContent = "";
      var p = params();
      if (p.get("from") && p.get("to")) {
        inputs.from.value = byId[p.get("from")] ? byId[p.get("from")].title : p.get("from");
        inputs.to.value = byId[p.get("to")] ? byId[p.get("to")].title : p.get("to");
        run(false);
      }
      form.setAttribute("data-atlas-ready", "true");
    });
  }

  // --- sortable tables and facets -----------------------------------------------------------

  function sortable(table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      var button = el("button", "atlas-sort", th.textContent);
      button.type = "button";
      th.replaceChildren(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var kx = x.hasAttribute("data-sort") ? x.getAttribute("data-sort") : x.textContent.toLowerCase();
          var ky = y.hasAttribute("data-sort") ? y.getAttribute("data-sort") : y.textContent.toLowerCase();
          if (kx === ky) return 0;
          if (kx === "") return 1; // empty cells last either way
          if (ky === "") return -1;
          return (kx < ky ? -1 : 1) * (ascending ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function facets(root) {
    var boxes = root.querySelectorAll("[data-atlas-facet]");
    var rows = root.querySelectorAll("tbody tr");
    var status = root.querySelector(".atlas-status");
    function apply(remember) {
      var groups = {};
      boxes.forEach(function (b) {
        if (!b.checked) return;
        var g = b.getAttribute("data-atlas-group");
        (groups[g] = groups[g] || []).push(b.getAttribute("data-atlas-facet"));
      });
      var shown = 0;
      rows.forEach(function (row) {
        var has = " " + row.getAttribute("data-atlas-facets") + " ";
        var ok = Object.keys(groups).every(function (g) {
          return groups[g].some(function (f) { return has.indexOf(" " + f + " ") >= 0; });
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = shown + (shown === 1 ? " entity" : " entities");
      if (remember) {
        var keys = [];
        boxes.forEach(function (b) { if (b.checked) keys.push(b.getAttribute("data-atlas-key")); });
        writeParams({ f: keys.length ? keys.join("|") : null });
      }
    }
    boxes.forEach(function (b) { b.addEventListener("change", function () { apply(true); }); });
    var clear = root.querySelector("[data-action='clear-facets']");
    clear.addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      apply(true);
    });
    var wanted = (params().get("f") || "").split("|");
    boxes.forEach(function (b) { b.checked = wanted.indexOf(b.getAttribute("data-atlas-key")) >= 0; });
    apply(false);
    root.setAttribute("data-atlas-ready", "true");
  }

  var generation = 0;

  function startAll() {
    generation += 1;
    var mine = generation;
    while (live.length) live.pop().destroy();
    if (typeof vis === "undefined") return;
    document.querySelectorAll("table[data-atlas-sortable]").forEach(sortable);
    document.querySelectorAll("[data-atlas-facets-root]").forEach(facets);
    document.querySelectorAll("[data-atlas-connections]").forEach(function (form) {
      window.atlasConnections = new Connections(form);
    });
    document.querySelectorAll("[data-atlas-graph]").forEach(function (container) {
      var stage = container.parentNode;
      var inline = stage && stage.querySelector(":scope > template[data-atlas-json]");
      if (inline) {
        live.push(new Graph(container, JSON.parse(inline.content.textContent)));
        return;
      }
      var src = container.getAttribute("data-atlas-src");
      if (!src) return;
      container.setAttribute("aria-busy", "true");
      fetch(src).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + src);
        return response.json();
      }).then(function (data) {
        // The reader may have moved on while the data was on its way.
        if (mine !== generation || !container.isConnected) return;
        container.removeAttribute("aria-busy");
        live.push(new Graph(container, data));
      }).catch(function (error) {
        container.removeAttribute("aria-busy");
        container.replaceChildren(el("p", "atlas-empty", "The graph could not be loaded (" + error.message + ")."));
      });
    });
  }

  // Follow Material's palette switch: it sets data-md-color-scheme on <body>.
  new MutationObserver(function () {
    live.forEach(function (g) { g.recolour(); });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(startAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
