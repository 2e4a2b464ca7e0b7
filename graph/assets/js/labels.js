/* Container Atlas, labels: what a graph writes on its canvas, legible at every zoom.
 *
 * vis-network draws the shapes; the labels are ours, drawn after each frame at a fixed size on screen
 * (12 px, 14 px for an entity page's centre), so a label is never smaller than 11 px. Labels are placed
 * most important first (the hovered node, the selected one, the centre and their neighbours, then by
 * PageRank, computed at build time) and a label that would overlap one already placed is left out: it
 * appears as the reader zooms in and nodes move apart. Edge labels are drawn for the hovered or selected
 * node's edges, and for any edge once it is long enough on screen to hold its label. */
(function (A) {
  "use strict";

  var SIZE = 12, CENTRE_SIZE = 14, EDGE_SIZE = 11, PAD = 2, CELL = 64;
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

  // A grid of the boxes placed so far, to test a new box against its neighbours only. A big graph asks
  // once per node: the cells are numbered, not named, and nothing is made to ask.
  function Boxes() { this.cells = new Map(); }
  function cell(x, y) { return (x + 32768) * 65536 + (y + 32768); }
  Boxes.prototype.free = function (b) {
    var x1 = Math.floor((b.x + b.w) / CELL), y0 = Math.floor(b.y / CELL), y1 = Math.floor((b.y + b.h) / CELL);
    for (var x = Math.floor(b.x / CELL); x <= x1; x++) {
      for (var y = y0; y <= y1; y++) {
        var here = this.cells.get(cell(x, y));
        if (!here) continue;
        for (var i = 0; i < here.length; i++) {
          var o = here[i];
          if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return false;
        }
      }
    }
    return true;
  };
  Boxes.prototype.add = function (b) {
    var x1 = Math.floor((b.x + b.w) / CELL), y0 = Math.floor(b.y / CELL), y1 = Math.floor((b.y + b.h) / CELL);
    for (var x = Math.floor(b.x / CELL); x <= x1; x++) {
      for (var y = y0; y <= y1; y++) {
        var key = cell(x, y), here = this.cells.get(key);
        if (here) here.push(b); else this.cells.set(key, [b]);
      }
    }
  };

  // What the labels are drawn over: the network once it is made, or the first frame drawn before it
  // (preview.js). `scale` is the zoom, `toDOM` maps a graph position to the canvas in CSS pixels,
  // `ratio` is the canvas's device pixels per CSS pixel, `visible` the ids of the nodes shown.
  function networkView(graph) {
    var network = graph.network, canvas = network.canvas.frame.canvas;
    return {
      scale: network.getScale(),
      width: canvas.clientWidth,
      height: canvas.clientHeight,
      ratio: canvas.width / Math.max(1, canvas.clientWidth),
      toDOM: function (p) { return network.canvasToDOM(p); },
      positions: function (ids) { return network.getPositions(ids); },
      visible: graph.nodeView.getIds(),
      edgeShown: function (id) { return Boolean(graph.edgeView.get(id)); },
    };
  }

  // Sets graph.drawLabels(ctx, view), and draws the labels after each frame of its network.
  A.labels = function (graph) {
    var data = graph.data, state = graph.state, byId = graph.byId;
    var widths = {}; // label -> width at SIZE, measured once
    var order = data.nodes.slice().sort(function (a, b) {
      return (a.rank === undefined ? 1e9 : a.rank) - (b.rank === undefined ? 1e9 : b.rank) || (a.id < b.id ? -1 : 1);
    });
    graph.labelBoxes = [];
    graph.edgeLabelBoxes = [];

    function width(ctx, text, size) {
      var key = size + "|" + text;
      if (widths[key] === undefined) {
        ctx.font = (size === CENTRE_SIZE ? "600 " : "") + size + "px " + FONT;
        widths[key] = ctx.measureText(text).width;
      }
      return widths[key];
    }

    function draw(ctx, view) {
      var colours = graph.colours();
      var viewW = view.width, viewH = view.height, ratio = view.ratio, scale = view.scale;
      var visible = {};
      view.visible.forEach(function (id) { visible[id] = true; });
      var placed = new Boxes();
      var labels = [];
      var first = [];
      [graph.hovered, state.focus, data.centre].forEach(function (id) {
        if (id && visible[id] && first.indexOf(id) < 0) first.push(id);
      });
      var near = {};
      first.forEach(function (id) {
        graph.adjacent[id].forEach(function (x) { if (visible[x.other]) near[x.other] = true; });
      });
      var queue = first.map(function (id) { return byId[id]; })
        .concat(order.filter(function (n) { return visible[n.id] && near[n.id] && first.indexOf(n.id) < 0; }))
        .concat(order.filter(function (n) { return visible[n.id] && !near[n.id] && first.indexOf(n.id) < 0; }));
      var positions = view.positions(queue.map(function (n) { return n.id; }));
      var edgePositions = null;
      var lit = graph.hovered || state.focus;

      function placeNode(n, forced) {
        var p = positions[n.id];
        if (!p) return;
        var at = view.toDOM(p);
        var size = n.id === data.centre ? CENTRE_SIZE : SIZE;
        var h = size + 3;
        var radius = graph.sizeOf(n) * scale;
        var top = at.y + radius + 1;
        if (!forced) {  // a rough, generous width first: measuring every label of a big graph costs more
          var guess = n.label.length * size * 0.62 + 2 * PAD;
          var rough = { x: at.x - guess / 2, y: top, w: guess, h: h };
          if (top < 0 || top + h > viewH || at.x + guess / 2 < 0 || at.x - guess / 2 > viewW) return;
          if (widths[size + "|" + n.label] === undefined && !placed.free(rough)) return;
        }
        var w = width(ctx, n.label, size);
        var box = { id: n.id, x: at.x - w / 2 - PAD, y: top, w: w + 2 * PAD, h: h, size: size };
        if (!forced && (box.x < 0 || box.y < 0 || box.x + box.w > viewW || box.y + box.h > viewH)) return;
        if (!forced && !placed.free(box)) return;
        placed.add(box);
        labels.push([n, box]);
      }

      function placeEdge(e, mine) {
        if (!view.edgeShown(e.id)) return;
        edgePositions = edgePositions || view.positions();
        var a = edgePositions[e.from], b = edgePositions[e.to];
        if (!a || !b) return;
        var pa = view.toDOM(a), pb = view.toDOM(b);
        var mx = (pa.x + pb.x) / 2, my = (pa.y + pb.y) / 2;
        if (mx < 0 || my < 0 || mx > viewW || my > viewH) return;
        var w = width(ctx, e.label, EDGE_SIZE);
        var length = Math.hypot(pb.x - pa.x, pb.y - pa.y) - 2 * 14 * scale;
        if (!mine && length < w + 16) return; // it does not fit along its edge yet
        var box = { id: e.id, x: mx - w / 2 - PAD, y: my - (EDGE_SIZE + 3) / 2, w: w + 2 * PAD, h: EDGE_SIZE + 3, size: EDGE_SIZE };
        if (!placed.free(box)) return;
        placed.add(box);
        edgeLabels.push([e, box]);
      }

      var edgeLabels = [];
      // the hovered, selected and centre nodes always show their label, then the lit node's edges theirs,
      // then the rest by importance, then any edge long enough to hold its label (zoomed in)
      queue.slice(0, first.length).forEach(function (n) { placeNode(n, true); });
      if (lit) graph.adjacent[lit].forEach(function (x) { placeEdge(x.edge, true); });
      queue.slice(first.length).forEach(function (n) { placeNode(n, false); });
      if (scale >= 0.6) {
        data.edges.forEach(function (e) { if (!(lit && (e.from === lit || e.to === lit))) placeEdge(e, false); });
      }

      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.lineJoin = "round";
      ctx.lineWidth = 3;
      ctx.strokeStyle = colours.bg;
      edgeLabels.forEach(function (item) {
        ctx.font = EDGE_SIZE + "px " + FONT;
        ctx.fillStyle = colours.fg;
        var b = item[1];
        ctx.strokeText(item[0].label, b.x + b.w / 2, b.y + 1);
        ctx.fillText(item[0].label, b.x + b.w / 2, b.y + 1);
      });
      labels.forEach(function (item) {
        var n = item[0], b = item[1];
        ctx.font = (b.size === CENTRE_SIZE ? "600 " : "") + b.size + "px " + FONT;
        ctx.fillStyle = graph.isDimmed(n) ? colours.edge : colours.fg;
        ctx.strokeText(n.label, b.x + b.w / 2, b.y + 1);
        ctx.fillText(n.label, b.x + b.w / 2, b.y + 1);
      });
      ctx.restore();
      graph.labelBoxes = labels.map(function (item) { return item[1]; });
      graph.edgeLabelBoxes = edgeLabels.map(function (item) { return item[1]; });
    }

    graph.drawLabels = draw;
  };

  // Once the network is made: its labels after each of its frames.
  A.labels.follow = function (graph) {
    graph.network.on("afterDrawing", function (ctx) { graph.drawLabels(ctx, networkView(graph)); });
  };
})(Atlas);
