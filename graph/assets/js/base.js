/* Container Atlas, the base every graph shares: data, styles, palette, tooltips.
 *
 * Graph data is JSON text in a <template data-atlas-json> beside each [data-atlas-graph] element,
 * or, for the global graph, a file named by its data-atlas-src attribute; positions are computed at
 * build time and physics stays off. The graph library is loaded after the page's graphs have drawn
 * their first frame (preview.js): a graph shows at once, and becomes interactive when it has loaded. Text reaches the DOM through textContent only; labels are drawn
 * on the canvas. What a kind of graph adds (the global controls, the local depth, a path's clicks)
 * lives in its own file and registers itself in Atlas.controls under the graph's data-atlas-graph
 * kind. The files are joined, in order, into one assets/atlas/atlas.js.
 */
var Atlas = (function () {
  "use strict";

  var BIG = 1500; // nodes: above this, edges hide while moving and arrowheads wait for the zoom
  var ARROW_SCALE = 0.4; // big graphs: zoom from which arrowheads are drawn
  var HEAD = 0.5; // an arrowhead's size (vis-network's scaleFactor)
  var NODE = { size: 12, borderWidth: 1, opacity: 1 }; // what a node looks like unless its style says otherwise
  var CENTRE_SIZE = 20; // an entity page's own node
  var MISSING = { label: "Missing page", colour: "#9e9e9e", shape: "dot" };
  // The library is the file beside atlas.js: its address is read now, while the script's own address
  // still resolves against the page that loaded it (instant navigation changes the page's address).
  var LIBRARY = new URL("vis-network.min.js", document.currentScript ? document.currentScript.src
                                                                     : window.location.href).href;
  var loading = null;

  // The graph library, vis-network, loaded once per page view (kept across instant navigation). It
  // is asked for after the first frame is on screen, so its download and start do not delay it.
  function library() {
    if (typeof vis !== "undefined") return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = LIBRARY;
        script.onload = function () {
          if (typeof vis !== "undefined") resolve();
          else reject(new Error("the graph library did not start"));
        };
        script.onerror = function () {
          loading = null; // a later page may try again
          script.remove();
          reject(new Error("the graph library did not load"));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // `fn` once the frame drawn so far is on screen (or after a short wait, where frames are not painted)
  function afterPaint(fn) {
    var done = false;
    var go = function () { if (!done) { done = true; fn(); } };
    if (window.requestAnimationFrame) window.requestAnimationFrame(function () { setTimeout(go, 0); });
    setTimeout(go, 250);
  }

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

  // How a relation reads from its subject, or (inverse) from its target; a type the site's schema
  // does not know reads as its id. The one place this fallback is written.
  function relationLabel(relationTypes, type, inverse) {
    var rt = (relationTypes || {})[type];
    if (!rt) return inverse ? type + " (inverse)" : type;
    return inverse ? rt.inverse : rt.label;
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

  // A network of one graph element. `controls` (a function of the graph) adds what its kind offers
  // and sets the first view; without one, a click opens the node's page and the view fits. A kind
  // with a `before` (Atlas.before[kind]) sets there, from the address, what its first frame shows,
  // so that frame is drawn (preview.js) before the library has loaded.
  function Graph(container, data, controls) {
    var self = this;
    var big = data.nodes.length > BIG;
    var colours = palette();
    // maps without a prototype: an id from the address ("__proto__", "constructor") finds no node
    var byId = Object.create(null);
    var adjacent = Object.create(null);
    data.nodes.forEach(function (n) {
      var t = (data.types || {})[n.type] || MISSING;
      n.typeLabel = t.label;
      n.colour = t.colour;
      n.shape = t.shape; // one that leaves the label outside (render.context.drawn_shape)
      byId[n.id] = n;
      adjacent[n.id] = [];
    });
    data.edges.forEach(function (e, i) {
      e.id = i;
      if (e.label === undefined) {
        e.label = e.types.map(function (t) { return relationLabel(data.relationTypes, t, false); }).join(", ");
      }
      if (adjacent[e.from]) adjacent[e.from].push({ edge: e, other: e.to, out: true });
      if (adjacent[e.to] && e.to !== e.from) adjacent[e.to].push({ edge: e, other: e.from, out: false });
    });

    this.container = container;
    this.figure = container.closest("[data-atlas-figure]") || container.parentNode;
    this.data = data;
    this.kind = container.getAttribute("data-atlas-graph");
    this.byId = byId;
    this.adjacent = adjacent;
    this.drawn = false;
    this.state = { hiddenTypes: {}, hiddenRelations: {}, focus: null, depth: 1 };
    this.filters = []; // what a kind hides: functions of a node, false to hide it
    this.edgeFilters = []; // and of an edge
    this.look = null; // a kind's own style for a node: a function giving style fields, or null
    this.edgeLook = null;
    var state = this.state;
    var listeners = [];

    this.on = function (target, type, fn) {
      target.addEventListener(type, fn);
      listeners.push([target, type, fn]);
    };

    // A big graph draws its arrowheads only once zoomed in enough to see them: at a zoom that
    // fits 10,000 nodes they are specks, and drawing 20,000 of them costs a third of the first draw.
    var arrowsOn = !big;

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
        };
      });
      return {
        groups: groups,
        nodes: NODE,
        edges: {
          smooth: false,
          arrows: { to: { enabled: arrowsOn, scaleFactor: HEAD } },
          width: 1,
          color: { color: colours.edge, opacity: 1, highlight: colours.accent, hover: colours.accent },
        },
      };
    }

    // the size a node is drawn at, its label placed below (labels.js)
    function sizeOf(n) {
      return n.id === data.centre ? CENTRE_SIZE : n.size || NODE.size;
    }
    this.sizeOf = sizeOf;

    function groupOf(n) {
      return "atlas-" + (n.type || "missing");
    }

    function isNeighbour(a, b) {
      return adjacent[a] && adjacent[a].some(function (x) { return x.other === b; });
    }

    function dimmed(n) {
      return Boolean(state.focus) && state.focus !== n.id && !isNeighbour(state.focus, n.id);
    }

    // An entity of a dated type whose start is not recorded, at a past date: drawn hollow, never
    // silently as present (the legend and the panel say why).
    function hollow(n) {
      return Boolean(n.undated && state.month);
    }

    function styled(n) {
      return n.id === data.centre || state.focus === n.id || dimmed(n) || Boolean(n.undated) ||
        Boolean(self.look && self.look(n));
    }

    function nodeItem(n) {
      if (styled(n)) return nodeStyle(n);
      var item = { id: n.id, x: n.x, y: n.y, group: groupOf(n) };
      if (n.size) item.size = n.size; // a map's nodes are sized by what they hold
      return item;
    }

    function edgeItem(e) {
      if (state.focus || (self.edgeLook && self.edgeLook(e))) return edgeStyle(e);
      return { id: e.id, from: e.from, to: e.to };
    }

    function nodeStyle(n) {
      var centre = n.id === data.centre;
      var dim = dimmed(n);
      var own = self.look && self.look(n);
      return Object.assign({
        id: n.id,
        x: n.x,
        y: n.y,
        group: groupOf(n),
        shape: n.shape,
        size: sizeOf(n),
        borderWidth: centre || state.focus === n.id ? 3 : hollow(n) ? 2 : 1,
        opacity: dim ? 0.2 : 1,
        color: {
          background: hollow(n) ? colours.bg : n.colour,
          border: centre || state.focus === n.id ? colours.fg : n.colour,
          highlight: { background: hollow(n) ? colours.bg : n.colour, border: colours.accent },
          hover: { background: hollow(n) ? colours.bg : n.colour, border: colours.accent },
        },
      }, own || {});
    }

    function edgeStyle(e) {
      var lit = state.focus && (e.from === state.focus || e.to === state.focus);
      var own = self.edgeLook && self.edgeLook(e);
      return Object.assign({
        id: e.id,
        from: e.from,
        to: e.to,
        width: lit ? 2 : 1,
        color: {
          color: lit ? colours.accent : colours.edge,
          opacity: state.focus && !lit ? 0.15 : 1,
          highlight: colours.accent,
          hover: colours.accent,
        },
      }, own || {});
    }

    // How a node and an edge are drawn, resolved from their own style and their group's: what the
    // first frame draws before the network is made (preview.js).
    this.drawnNode = function (n) {
      var s = styled(n) ? nodeStyle(n) : null, colour = (s && s.color) || {};
      return { shape: (s && s.shape) || n.shape, size: (s && s.size) || sizeOf(n),
               borderWidth: s ? s.borderWidth : NODE.borderWidth, opacity: s ? s.opacity : NODE.opacity,
               background: colour.background || n.colour, border: colour.border || n.colour };
    };
    this.drawnEdge = function (e) {
      var s = edgeItem(e), colour = s.color || {};
      return { width: s.width || 1, colour: colour.color || colours.edge,
               opacity: colour.opacity === undefined ? 1 : colour.opacity, arrow: arrowsOn ? HEAD : 0 };
    };

    function nodeVisible(n) {
      return self.filters.every(function (keep) { return keep(n); });
    }
    this.nodeVisible = nodeVisible;

    function edgeVisible(e) {
      var a = byId[e.from], b = byId[e.to];
      if (!a || !b || !nodeVisible(a) || !nodeVisible(b)) return false;
      if (!self.edgeFilters.every(function (keep) { return keep(e); })) return false;
      return e.types.some(function (t) { return !state.hiddenRelations[t]; });
    }
    this.edgeVisible = edgeVisible;

    if (api.time) api.time.prepare(this); // the date in the address, before anything is drawn
    var before = api.before[this.kind];
    if (before) before(this); // what else the address asks the first frame to show
    if (api.labels) api.labels(this);
    var stage = container.parentNode;
    var network = null, nodes = null, edges = null, nodeView = null, edgeView = null;
    var tip = null, preview = null, destroyed = false;

    // The first frame on screen, the preview's or the network's: when the reader first sees the graph.
    function shown() {
      if (!container.hasAttribute("data-atlas-first-frame-at")) {
        container.setAttribute("data-atlas-first-frame-at", String(Math.round(performance.now())));
      }
    }

    function build() {
      nodes = new vis.DataSet(data.nodes.map(nodeItem));
      edges = new vis.DataSet(data.edges.map(edgeItem));
      nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeVisible(byId[n.id]); } });
      edgeView = new vis.DataView(edges, { filter: function (e) { return edgeVisible(data.edges[e.id]); } });
      self.nodes = nodes;
      self.edges = edges;
      self.nodeView = nodeView;
      self.edgeView = edgeView;

      var base = defaults();
      network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
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
      self.network = network;
      if (big) {
        network.on("afterDrawing", function () {  // after any zoom: the reader's, a fit, a focus
          var want = network.getScale() >= ARROW_SCALE;
          if (want === arrowsOn) return;
          arrowsOn = want;
          network.setOptions({ edges: { arrows: { to: { enabled: want, scaleFactor: HEAD } } } });
        });
      }
      network.once("afterDrawing", function () {
        self.drawn = true;
        if (preview) { preview.remove(); preview = null; self.preview = null; } // the network's frame replaces it
        if (container.style.cursor === "progress") container.style.cursor = "";
        container.setAttribute("data-atlas-drawn", "true");
        container.setAttribute("data-atlas-drawn-at", String(Math.round(performance.now())));
        shown();
      });

      // Tooltip: our own element, filled with textContent on hover.
      tip = el("div", "atlas-tooltip");
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      stage.appendChild(tip);

      network.on("hoverNode", function (p) {
        var n = byId[p.node];
        self.hovered = n.id; // its label and its edges' labels are drawn (labels.js)
        network.redraw();
        container.style.cursor = "pointer";
        showTip([el("strong", "atlas-tip__title", n.label), el("span", "atlas-tip__type", n.typeLabel),
                 el("span", "atlas-tip__summary", n.summary)], p.pointer.DOM);
      });
      network.on("blurNode", function () {
        self.hovered = null;
        network.redraw();
        container.style.cursor = "";
        tip.hidden = true;
      });
      network.on("hoverEdge", function (p) {
        var e = data.edges[p.edge];
        var a = byId[e.from], b = byId[e.to];
        showTip([el("span", "atlas-tip__summary", a.label + " " + e.label + " " + b.label)], p.pointer.DOM);
      });
      network.on("blurEdge", function () { tip.hidden = true; });
      network.on("dragStart", function () { tip.hidden = true; });
      network.on("zoom", function () { tip.hidden = true; });

      if (api.labels) api.labels.follow(self);
      if (controls) {
        controls(self);
      } else {
        network.on("click", function (p) { if (p.nodes.length) self.open(p.nodes[0]); });
        network.fit({ animation: false });
      }
    }

    // Without the library, the first frame stays, as a still picture, and the figure says why.
    function failed(error) {
      container.setAttribute("data-atlas-failed", "true");
      container.style.cursor = "";
      var note = el("p", "atlas-empty", "The interactive graph could not be loaded (" + error.message + ")" +
                    (preview ? ": this is a still picture of it." : "."));
      note.setAttribute("role", "status");
      stage.insertAdjacentElement("afterend", note);
    }

    function showTip(children, pointer) {
      tip.replaceChildren.apply(tip, children);
      tip.hidden = false;
      var box = container.getBoundingClientRect();
      var host = stage.getBoundingClientRect();
      var x = Math.min(pointer.x + 14, box.width - tip.offsetWidth - 4);
      tip.style.left = Math.max(4, x + box.left - host.left) + "px";
      tip.style.top = (pointer.y + 14 + box.top - host.top) + "px";
    }

    this.open = function (id) {
      var n = byId[id];
      if (n && n.url) window.location.assign(n.url);
    };

    this.refresh = function () {
      nodeView.refresh();
      edgeView.refresh();
    };

    // After a filter changed (the date, say): what ends fades out, then what starts fades in, where
    // they stand (positions never move). Big graphs change at once: the fade would cost more than it shows.
    var fading = 0;
    this.fade = function () {
      fading += 1;
      var mine = fading;
      if (big || !self.drawn || !window.requestAnimationFrame) { self.refresh(); network.redraw(); return; }
      var before = {};
      nodeView.getIds().forEach(function (id) { before[id] = true; });
      var going = data.nodes.filter(function (n) { return before[n.id] && !nodeVisible(n); });
      animate(going, 1, 0, function () {
        if (mine !== fading) return;
        self.refresh();
        network.redraw(); // the next frame, even when nothing starts or ends
        var coming = data.nodes.filter(function (n) { return !before[n.id] && nodeVisible(n); });
        animate(coming, 0.15, 1, function () {}, mine);
      }, mine);
    };

    function animate(list, from, to, done, mine) {
      if (!list.length) { done(); return; }
      var began = null, length = 220;
      function frame(now) {
        if (mine !== fading) { settle(list); return; }
        if (began === null) began = now;
        var t = Math.min(1, (now - began) / length);
        nodes.update(list.map(function (n) { return { id: n.id, opacity: from + (to - from) * t }; }));
        if (t < 1) window.requestAnimationFrame(frame);
        else { settle(list); done(); }
      }
      window.requestAnimationFrame(frame);
    }

    function settle(list) {
      nodes.update(list.map(function (n) { return { id: n.id, opacity: dimmed(n) ? 0.2 : 1 }; }));
    }

    // After the date changed: the undated nodes, hollow at past dates and filled today.
    var undated = data.nodes.filter(function (n) { return n.undated; });
    this.undated = undated;
    this.restyleUndated = function () {
      if (!nodes || !undated.length) return;
      nodes.update(undated.map(function (n) {
        var s = nodeStyle(n);
        delete s.x; delete s.y;
        return s;
      }));
    };

    this.restyle = function () {
      nodes.update(data.nodes.map(function (n) {
        var s = nodeStyle(n);
        delete s.x; delete s.y;
        return s;
      }));
      edges.update(data.edges.map(edgeStyle));
    };

    this.colours = function () { return colours; };
    this.isDimmed = dimmed;

    this.recolour = function () {
      colours = palette();
      if (!network) { // not made yet: the first frame takes the new colours
        if (preview) preview.draw();
        return;
      }
      network.setOptions(defaults());
      self.restyle();
    };

    this.destroy = function () {
      destroyed = true;
      listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2]); });
      listeners = [];
      if (network) network.destroy();
      if (tip && tip.parentNode) tip.parentNode.removeChild(tip);
      if (preview) preview.remove();
    };

    // Start: at once when the library is here (a later page of the same visit); else the first frame
    // now, for a kind that can draw it, and the network when the library has loaded.
    if (typeof vis !== "undefined") {
      build();
      return;
    }
    // a kind that sets its first frame beforehand, or one that only fits its view, can draw it now
    preview = (before || !controls) && api.preview ? api.preview(this) : null;
    this.preview = preview;
    var load = function () {
      library().then(function () { if (!destroyed) build(); },
                     function (error) { if (!destroyed) failed(error); });
    };
    if (preview) {
      shown();
      container.style.cursor = "progress"; // drawn, not yet answering the pointer
      afterPaint(load);
    } else {
      load();
    }
  }

  var api = {
    controls: {}, // kind -> function (graph): what that kind of graph adds
    before: {}, // kind -> function (graph): what its first frame shows, set before it is drawn
    library: library,
    live: [], // the graphs of the page on screen
    Graph: Graph,
    el: el,
    link: link,
    params: params,
    writeParams: writeParams,
    relationLabel: relationLabel,
    findByName: findByName,
  };
  return api;
})();
