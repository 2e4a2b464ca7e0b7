/* Container Atlas, a graph: its data, its state, how its nodes and edges look, and how it starts.
 *
 * Graph data is JSON text in a <template data-atlas-json> beside each [data-atlas-graph] element, or,
 * for the global graph, a file named by its data-atlas-src attribute (start.js); positions are
 * computed at build time and physics stays off. A graph draws its first frame at once (preview.js),
 * which already answers the pointer, and asks for the graph library only then (loader.js); its
 * network is made in pieces that leave the page answering (network.js), and takes over the view and
 * the selection the reader made meanwhile. What a kind of graph adds (the global controls, the local
 * depth, a path's clicks) lives in its own file, registered in Atlas.before and Atlas.controls under
 * the graph's data-atlas-graph kind. */
(function (A) {
  "use strict";

  var BIG = 1500; // nodes: above this, edges hide while moving and arrowheads wait for the zoom
  var HEAD = 0.5; // an arrowhead's size (vis-network's scaleFactor)
  var NODE = { size: 12, borderWidth: 1, opacity: 1 }; // what a node looks like unless its style says otherwise
  var CENTRE_SIZE = 20; // an entity page's own node
  var MISSING = { label: "Missing page", colour: "#9e9e9e", shape: "dot" };

  // A network of one graph element. `controls` (a function of the graph) adds what its kind offers
  // and sets the first view; without one, a click opens the node's page and the view fits. A kind
  // with a `before` (Atlas.before[kind]) sets there, from the address, what its first frame shows,
  // so that frame is drawn (preview.js) before the library has loaded.
  function Graph(container, data, controls) {
    var self = this;
    var big = data.nodes.length > BIG;
    var colours = A.palette();
    // maps without a prototype: an id from the address ("__proto__", "constructor") finds no node
    var byId = Object.create(null);
    // A page's own graph and the global graph give their nodes as rows of their `fields`, read the site's
    // type tables (Atlas.site) and name an edge's ends by index ([from, to, types, spans]):
    // graph/render/context.py graph_data, lean and rows. Their summaries are in the summaries' files.
    if (data.fields) {  // nodes as rows of these fields
      data.nodes = data.nodes.map(function (row) {
        var n = {};
        data.fields.forEach(function (f, i) { if (row[i] !== undefined && row[i] !== null) n[f] = row[i]; });
        return n;
      });
      delete data.fields;
    }
    if (!data.types && A.site) data.types = A.site.types;
    if (!data.relationTypes && A.site) data.relationTypes = A.site.relationTypes;
    data.edges = data.edges.map(function (e) {
      if (!Array.isArray(e)) return e;
      var item = { from: data.nodes[e[0]].id, to: data.nodes[e[1]].id, types: e[2] };
      if (e[3]) item.spans = e[3];
      return item;
    });
    data.nodes.forEach(function (n) {
      var t = (data.types || {})[n.type] || MISSING;
      n.typeLabel = t.label;
      n.colour = t.colour;
      n.shape = t.shape; // one that leaves the label outside (render.context.drawn_shape)
      byId[n.id] = n;
    });
    var labels = Object.create(null); // an edge's label by its one type (most edges have one)
    data.edges.forEach(function (e, i) {
      e.id = i;
      if (e.label === undefined) {
        var one = e.types.length === 1 ? e.types[0] : null;
        e.label = (one !== null && labels[one]) ||
          e.types.map(function (t) { return A.relationLabel(data.relationTypes, t, false); }).join(", ");
        if (one !== null) labels[one] = e.label;
      }
    });

    // --- A graph's fields: all of them, declared here; the object is then sealed, so a field not
    // listed cannot be added. Each says which file writes it; any file may read any of them.
    // graph.js, fixed once made:
    this.container = container; // the graph's element
    this.figure = container.closest("[data-atlas-figure]") || container.parentNode; // its controls
    this.data = data; // {nodes, edges, types, relationTypes, centre, maxDepth}; nodes gain typeLabel, colour, shape
    this.kind = container.getAttribute("data-atlas-graph"); // global | local | changes | path
    this.big = big;
    this.byId = byId; // id -> node
    // this.adjacent, id -> [{edge, other, out}]: made when first read (below), as a first frame needs none
    this.undated = data.nodes.filter(function (n) { return n.undated; });
    this.destroyed = false;
    // What the reader asked for. hiddenTypes, hiddenRelations, focus: global.js (the preview's click
    // too, through `select`); depth: local.js; month and day: time.js; changes: changes.js.
    this.state = { hiddenTypes: {}, hiddenRelations: {}, focus: null, depth: 1, month: null, day: undefined,
                   changes: null, lit: {} }; // lit: story.js, the nodes the captions name
    this.filters = []; // kinds' `before` (global, local, changes) and time.js: functions of a node, false hides it
    this.edgeFilters = []; // the same, of an edge
    this.look = null; // changes.js: a kind's own style for a node, a function giving style fields, or null
    this.edgeLook = null; // changes.js: the same for an edge
    this.firstView = null; // global.js: adjusts the first frame's view (null: the first view waits for the network)
    this.hovered = null; // network.js, preview.js: the node under the pointer (its label is drawn)
    this.arrows = !big; // network.js: arrowheads drawn (a big graph's wait for the zoom)
    this.view = null; // preview.js: the first frame's view {x, y, scale}, as the reader moved it
    this.moved = false; // preview.js: the reader panned or zoomed the first frame
    this.preview = null; // graph.js (made by preview.js): the first frame, until the network has drawn
    this.tip = A.tooltip(this); // tooltip.js
    // network.js, once the library has loaded:
    this.network = null;
    this.nodes = null; // vis DataSets of every node and edge, and the views the filters let through
    this.edges = null;
    this.nodeView = null;
    this.edgeView = null;
    this.drawn = false; // the network has drawn its first frame
    this.refresh = null; // (network.js) after a filter changed: the views again
    this.fade = null; // (network.js) the same, fading what ends and what starts
    this.restyle = null; // (network.js) after the focus or a look changed: every item's style
    this.restyleUndated = null; // (network.js) after the date crossed today: the undated nodes' style
    this.leaving = null; // (network.js) {id: true}: what ends, kept on the graph while it fades out
    // labels.js:
    this.drawLabels = null; // (ctx, view): the labels over a frame
    this.labelBoxes = []; // the labels drawn last, in CSS pixels
    this.edgeLabelBoxes = [];
    // time.js, for a graph with dates:
    this.time = null; // the date control
    this.timeFirst = undefined; // the first month dated
    this.timeMonth = undefined; // the month shown first
    this.setDate = null; // (month)
    // local.js:
    this.linked = null; // () what the depth reaches at the date
    this.setDepth = null; // (depth, remember)
    // global.js:
    this.select = null; // (id, remember): the focus and its panel
    this.focusOn = null; // (id): select and zoom to it
    this.keepInView = null; // (id): on a phone, above the panel
    this.find = null; // (query) -> id
    this.searchAsked = false; // a search asked for before the network was made
    this.renderPanel = null; // (node or null)
    // changes.js:
    this.compare = null; // ("YYYY-MM", "YYYY-MM")
    // story.js, full.js, overview.js (the global graph; full window for the local one too):
    this.story = null; // Play's captions
    this.light = null; // (network.js) ({id: true}): the nodes the captions name, lit
    this.setFull = null; // (on, remember): full window
    this.overview = null; // the overview's canvas
    var state = this.state;
    var listeners = [];

    this.on = function (target, type, fn, options) {
      target.addEventListener(type, fn, options);
      listeners.push([target, type, fn, options]);
    };

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
          arrows: { to: { enabled: self.arrows, scaleFactor: HEAD } },
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
      var mine = self.adjacent[a];
      return Boolean(mine) && mine.some(function (x) { return x.other === b; });
    }

    function dimmed(n) {
      return Boolean(state.focus) && state.focus !== n.id && !isNeighbour(state.focus, n.id);
    }
    this.isDimmed = dimmed;

    // An entity of a dated type whose start is not recorded, at a past date: drawn hollow, never
    // silently as present (the legend and the panel say why).
    function hollow(n) {
      return Boolean(n.undated && state.month);
    }

    function styled(n) {
      return n.id === data.centre || state.focus === n.id || dimmed(n) || Boolean(n.undated) || Boolean(state.lit[n.id]) ||
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
      var lit = Boolean(state.lit[n.id]); // named by a caption
      return Object.assign({
        id: n.id,
        x: n.x,
        y: n.y,
        group: groupOf(n),
        shape: n.shape,
        size: sizeOf(n) + (lit ? 4 : 0),
        borderWidth: lit ? 4 : centre || state.focus === n.id ? 3 : hollow(n) ? 2 : 1,
        opacity: dim && !lit ? 0.2 : 1,
        color: {
          background: hollow(n) ? colours.bg : n.colour,
          border: lit ? colours.accent : centre || state.focus === n.id ? colours.fg : n.colour,
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

    // The network's items and options (network.js): an item as the network is given it (`node`,
    // `edge`: only what differs from its group), in full (`nodeStyle`, `edgeStyle`), and the defaults.
    this.styles = { node: nodeItem, edge: edgeItem, nodeStyle: nodeStyle, edgeStyle: edgeStyle, defaults: defaults,
                    HEAD: HEAD };

    // How a node and an edge are drawn, resolved from their own style and their group's: what the
    // first frame draws before the network is made (preview.js). Items with no style of their own share
    // one look per shape, size and colour (read only): at 10,000 nodes and 20,000 edges, a first frame
    // makes and collects 30,000 objects fewer.
    var plainNodes = Object.create(null), plainEdges = Object.create(null); // colour -> (shape ->) size or arrow -> look
    this.drawnNode = function (n) {
      if (!styled(n)) {
        var byShape = plainNodes[n.colour] || (plainNodes[n.colour] = Object.create(null));
        var size = sizeOf(n), looks = byShape[n.shape] || (byShape[n.shape] = Object.create(null));
        return looks[size] || (looks[size] = { shape: n.shape, size: size, borderWidth: NODE.borderWidth,
                                               opacity: NODE.opacity, background: n.colour, border: n.colour });
      }
      var s = nodeStyle(n), colour = s.color || {};
      return { shape: s.shape || n.shape, size: s.size || sizeOf(n), borderWidth: s.borderWidth, opacity: s.opacity,
               background: colour.background || n.colour, border: colour.border || n.colour };
    };
    this.drawnEdge = function (e) {
      var arrow = self.arrows ? HEAD : 0;
      if (!state.focus && !(self.edgeLook && self.edgeLook(e))) { // as edgeItem: no style of its own
        var looks = plainEdges[colours.edge] || (plainEdges[colours.edge] = Object.create(null));
        return looks[arrow] || (looks[arrow] = { width: 1, colour: colours.edge, opacity: 1, arrow: arrow });
      }
      var s = edgeStyle(e), colour = s.color || {};
      return { width: s.width || 1, colour: colour.color || colours.edge,
               opacity: colour.opacity === undefined ? 1 : colour.opacity, arrow: arrow };
    };

    function nodeVisible(n) {
      if (self.leaving && self.leaving[n.id]) return true;
      return self.filters.every(function (keep) { return keep(n); });
    }
    this.nodeVisible = nodeVisible;

    // `ends`, when given, says which nodes are shown (id -> true), as the caller has asked nodeVisible
    // already: a frame of 10,000 nodes and 20,000 edges would otherwise ask it 40,000 times more.
    function edgeVisible(e, ends) {
      if (ends) {
        if (!ends[e.from] || !ends[e.to]) return false;
      } else {
        var a = byId[e.from], b = byId[e.to];
        if (!a || !b || !nodeVisible(a) || !nodeVisible(b)) return false;
      }
      if (!self.edgeFilters.every(function (keep) { return keep(e); })) return false;
      return e.types.some(function (t) { return !state.hiddenRelations[t]; });
    }
    this.edgeVisible = edgeVisible;

    this.open = function (id) {
      var n = byId[id];
      if (n && n.url) window.location.assign(n.url);
    };

    this.colours = function () { return colours; };

    this.recolour = function () {
      colours = A.palette();
      if (!self.network) { // not made yet: the first frame takes the new colours
        if (self.preview) self.preview.draw();
        return;
      }
      self.network.setOptions(defaults());
      self.restyle();
    };

    // Any view of the graph drawn again: the network's, or the first frame's.
    this.redraw = function () {
      if (self.network) self.network.redraw();
      else if (self.preview) self.preview.draw();
    };

    this.destroy = function () {
      self.destroyed = true;
      listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2], l[3]); });
      listeners = [];
      if (self.network) self.network.destroy();
      self.tip.remove();
      if (self.preview) self.preview.remove();
    };

    // Each node's edges, both ways, made when first read: at 10,000 nodes, 40,000 entries that the first
    // frame does not need (its labels ask only when a node is hovered, selected or the centre).
    var adjacent = null;
    Object.defineProperty(this, "adjacent", { enumerable: true, get: function () {
      if (adjacent) return adjacent;
      adjacent = Object.create(null);
      data.nodes.forEach(function (n) { adjacent[n.id] = []; });
      data.edges.forEach(function (e) {
        if (adjacent[e.from]) adjacent[e.from].push({ edge: e, other: e.to, out: true });
        if (adjacent[e.to] && e.to !== e.from) adjacent[e.to].push({ edge: e, other: e.from, out: false });
      });
      return adjacent;
    } });

    Object.seal(this);

    if (A.time) A.time.prepare(this); // the date in the address, before anything is drawn
    var before = A.before[this.kind];
    if (before) before(this); // what else the address asks the first frame to show
    if (A.labels) A.labels(this);

    // Start: the first frame, then the network, once the library is here (at once on a later page of
    // the same visit). A kind that sets its first frame beforehand, or one that only fits its view, has
    // a first frame, drawn at once, in the task that read the data, big or small: given a task of its own,
    // a big graph's waited behind the theme's (its search index, at 10,000 entities as long as this whole
    // task), and the page's longest task stays the theme's.
    var load = function () {
      // the network in a task of its own: the library's start is a long one already
      A.library().then(function () { setTimeout(function () { if (!self.destroyed) A.network(self, controls); }, 0); },
                       function (error) { if (!self.destroyed) failed(error); });
    };
    A.mark("graph");
    if ((before || !controls) && A.preview) {
      self.preview = A.preview(self, function () { shown(container); afterPaint(load); });
      if (!self.preview) load();
    } else {
      load();
    }

    // Without the library, the first frame stays, as a still picture, and the figure says why.
    function failed(error) {
      container.setAttribute("data-atlas-failed", "true");
      container.style.cursor = "";
      var note = A.el("p", "atlas-empty", "The interactive graph could not be loaded (" + error.message + ")" +
                      (self.preview ? ": this is a still picture of it." : "."));
      note.setAttribute("role", "status");
      container.parentNode.insertAdjacentElement("afterend", note);
    }
  }

  // The first frame on screen, the preview's or the network's: when the reader first sees the graph.
  function shown(container) {
    if (!container.hasAttribute("data-atlas-first-frame-at")) {
      A.mark("first-frame");
      container.setAttribute("data-atlas-first-frame-at", String(Math.round(performance.now())));
    }
  }

  var afterPaint = function (fn) { A.afterPaint(fn); };

  A.Graph = Graph;
  A.shown = shown;
})(Atlas);
