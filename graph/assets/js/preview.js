/* Container Atlas, the first frame: a graph drawn on a canvas of its own as soon as its data is
 * here, before the graph library has loaded and made its network (graph.js, network.js). It draws
 * what the network's first frame will: the same nodes and edges, filtered by the address, with the
 * same shapes, colours and sizes, at the view the network's `fit` computes, and the same labels
 * (labels.js). When the network has drawn its own frame, this canvas is removed. It lies over the
 * graph's element, takes no pointer events and is hidden from assistive technology: the legend and
 * the page's lists carry the graph's text. Drawn for kinds that set their first view beforehand (an
 * Atlas.before entry) or only fit it (no controls); the others wait for the network.
 *
 * It answers the pointer as the network will: the graph's element below it takes the events. Hover
 * shows a node's tooltip and label, a click selects (graph.select) or opens the node's page, a drag
 * pans and the wheel zooms; the network then starts from that view and that selection (`handOver`).
 * Moving the picture redraws the shapes drawn last, moved and scaled, and draws them afresh once the
 * reader stops: a frame of 10,000 nodes costs more than a pointer's move should. */
(function (A) {
  "use strict";

  // Paths as vis-network 9 traces them, centred on (x, y), for a node of size r; each starts a path of its
  // own (the dot's, with the moveTo before it), so that many make one path.
  var SHAPES = {
    dot: function (ctx, x, y, r) { ctx.arc(x, y, r, 0, 2 * Math.PI, false); },
    square: function (ctx, x, y, r) { ctx.rect(x - r, y - r, 2 * r, 2 * r); },
    diamond: function (ctx, x, y, r) {
      ctx.moveTo(x, y + r); ctx.lineTo(x + r, y); ctx.lineTo(x, y - r); ctx.lineTo(x - r, y);
    },
    hexagon: function (ctx, x, y, r) {
      var a = 2 * Math.PI / 6;
      ctx.moveTo(x + r, y);
      for (var i = 1; i < 6; i++) ctx.lineTo(x + r * Math.cos(a * i), y + r * Math.sin(a * i));
    },
    star: function (ctx, x, y, r) {
      r *= 0.82;
      y += 0.1 * r;
      for (var i = 0; i < 10; i++) {
        var d = i % 2 === 0 ? 1.3 * r : 0.5 * r;
        var px = x + d * Math.sin(2 * i * Math.PI / 10), py = y - d * Math.cos(2 * i * Math.PI / 10);
        if (i) ctx.lineTo(px, py); else ctx.moveTo(px, py);
      }
    },
    triangle: function (ctx, x, y, r) { triangle(ctx, x, y, r, 1); },
    triangleDown: function (ctx, x, y, r) { triangle(ctx, x, y, r, -1); },
  };

  function triangle(ctx, x, y, r, up) {
    r *= 1.15;
    y += up * 0.275 * r;
    var side = 2 * r, half = side / 2, inner = Math.sqrt(3) / 6 * side, height = Math.sqrt(side * side - half * half);
    ctx.moveTo(x, y - up * (height - inner));
    ctx.lineTo(x + half, y + up * inner);
    ctx.lineTo(x - half, y + up * inner);
  }

  // The view vis-network's fit() gives: centred on the box round the shapes of the nodes shown,
  // with a tenth to spare, and never closer than 1:1.
  function fit(nodes, looks, width, height) {
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    nodes.forEach(function (n) {
      var r = looks[n.id].size;
      minX = Math.min(minX, n.x - r); maxX = Math.max(maxX, n.x + r);
      minY = Math.min(minY, n.y - r); maxY = Math.max(maxY, n.y + r);
    });
    if (!nodes.length) { minX = maxX = minY = maxY = 0; }
    var scale = Math.min(width / (1.1 * (maxX - minX)), height / (1.1 * (maxY - minY)));
    if (!(scale > 0) || scale > 1) scale = 1;
    return { x: (minX + maxX) / 2, y: (minY + maxY) / 2, scale: scale };
  }

  // Chromium's closePath looks back over every figure already in its path: a path of n closed figures
  // costs n² (at 10,000 nodes, most of the first frame). Closed figures go in paths of FIGURES each.
  var FIGURES = 32;
  function figures() {
    var paths = [], count = 0;
    return {
      paths: paths,
      next: function () {
        if (count++ % FIGURES === 0) paths.push(new Path2D());
        return paths[paths.length - 1];
      },
    };
  }

  var CELL = 64; // graph units: the grid that finds the node under the pointer
  var SETTLE = 120; // ms without a wheel turn after which the moved picture is drawn afresh
  var ZOOM = { min: 0.02, max: 10 };

  // The first frame of `graph`, or null when its kind's first view needs the network; `shown()` is called
  // once it is drawn with its labels. Shapes and labels are drawn in one task: drawn in two, the theme's
  // own work (its search index, read when it arrives) could come between them and hold the labels back,
  // and at 10,000 nodes the one task is still shorter than the page's longest.
  A.preview = function (graph, shown) {
    var container = graph.container, stage = container.parentNode, data = graph.data;
    var width = container.clientWidth, height = container.clientHeight;
    if (!width || !height || !stage) return null;
    var ends = Object.create(null); // the nodes shown, each asked once
    var nodes = data.nodes.filter(function (n) { return (ends[n.id] = graph.nodeVisible(n)); });
    var edges = data.edges.filter(function (e) { return graph.edgeVisible(e, ends); });
    var looks = Object.create(null);
    nodes.forEach(function (n) { looks[n.id] = graph.drawnNode(n); });
    var view = fit(nodes, looks, width, height);
    if (graph.firstView) view = graph.firstView(view);
    if (!view) return null; // this kind's first view depends on what only the network can do
    var first = { x: view.x, y: view.y, scale: view.scale };
    graph.view = view;

    var canvas = document.createElement("canvas");
    canvas.className = "atlas-preview";
    canvas.setAttribute("aria-hidden", "true");
    canvas.style.left = container.offsetLeft + container.clientLeft + "px";
    canvas.style.top = container.offsetTop + container.clientTop + "px";
    canvas.style.width = width + "px";
    canvas.style.height = height + "px";
    stage.appendChild(canvas);
    var shapes = document.createElement("canvas"); // the nodes and edges drawn last, and their view
    var shapesView = null;

    function toDOM(p) { return { x: (p.x - view.x) * view.scale + width / 2, y: (p.y - view.y) * view.scale + height / 2 }; }
    function toGraph(p) { return { x: (p.x - width / 2) / view.scale + view.x, y: (p.y - height / 2) / view.scale + view.y }; }

    var labelView = {
      scale: view.scale,
      width: width,
      height: height,
      ratio: 1,
      toDOM: toDOM,
      // every node's position by its id, read only: the nodes themselves (a copy of 10,000 is not needed)
      positions: function () { return graph.byId; },
      visible: nodes.map(function (n) { return n.id; }),
      edgeShown: function (id) { return graph.edgeVisible(data.edges[id], ends); },
    };

    // Items drawn alike are drawn as one path: a stroke or a fill per item would cost most of a frame
    // of 10,000 nodes. `look(item)` gives its look, `parts(look)` what of it makes it differ; the groups
    // keep the order of their first item. Items of no style of their own share a look (graph.drawnNode),
    // whose key is made once.
    function grouped(items, look, parts) {
      var keys = new Map(), groups = new Map();
      items.forEach(function (item) {
        var l = look(item), k = keys.get(l);
        if (k === undefined) keys.set(l, (k = parts(l).join("|")));
        var group = groups.get(k);
        if (!group) groups.set(k, (group = { look: l, items: [] }));
        group.items.push(item);
      });
      return Array.from(groups.values());
    }

    function drawEdges(ctx, s) {
      var shown = edges.filter(function (e) { return looks[e.from] && looks[e.to]; });
      grouped(shown, graph.drawnEdge, function (l) { return [l.colour, l.opacity, l.width, l.arrow]; })
        .forEach(function (group) {
          var look = group.look, line = Math.max(look.width, 0.3 / s), heads = figures(), lines = new Path2D();
          group.items.forEach(function (edge) {
            var a = graph.byId[edge.from], b = graph.byId[edge.to];
            var endX = b.x, endY = b.y;
            var dx = b.x - a.x, dy = b.y - a.y, length = Math.hypot(dx, dy);
            if (look.arrow && length > 0) {  // vis-network's arrow: its tip on the target's border
              var ux = dx / length, uy = dy / length, head = 15 * look.arrow + 3 * line, size = looks[edge.to].size;
              var tipX = b.x - ux * size, tipY = b.y - uy * size;
              endX = tipX - 0.9 * head * ux;
              endY = tipY - 0.9 * head * uy;
              // the head's points, (along, across) the edge in head lengths: (0, 0), (-1, 0.3), (-0.9, 0), (-1, -0.3)
              var ax = head * ux, ay = head * uy, cx = 0.3 * head * -uy, cy = 0.3 * head * ux;
              var path = heads.next();
              path.moveTo(tipX, tipY);
              path.lineTo(tipX - ax + cx, tipY - ay + cy);
              path.lineTo(tipX - 0.9 * ax, tipY - 0.9 * ay);
              path.lineTo(tipX - ax - cx, tipY - ay - cy);
              path.closePath();
            }
            lines.moveTo(a.x, a.y);
            lines.lineTo(endX, endY);
          });
          ctx.globalAlpha = look.opacity;
          ctx.strokeStyle = ctx.fillStyle = look.colour;
          ctx.lineWidth = line;
          if (look.arrow) heads.paths.forEach(function (path) { ctx.fill(path); });
          ctx.stroke(lines);
        });
    }

    function drawNodes(ctx, s) {
      grouped(nodes, function (n) { return looks[n.id]; }, function (l) {
        return [l.shape, l.background, l.border, l.opacity, l.borderWidth, l.size];
      }).forEach(function (group) {
        var look = group.look, shape = SHAPES[look.shape] || SHAPES.dot, outlines = figures();
        group.items.forEach(function (n) {
          var path = outlines.next();
          if (shape === SHAPES.dot) path.moveTo(n.x + look.size, n.y);
          shape(path, n.x, n.y, look.size);
          path.closePath();
        });
        ctx.globalAlpha = look.opacity;
        ctx.fillStyle = look.background;
        outlines.paths.forEach(function (path) { ctx.fill(path); });
        var border = look.borderWidth / s;
        if (border > 0) {
          ctx.lineWidth = Math.min(2 * look.size, border);
          ctx.strokeStyle = look.border;
          outlines.paths.forEach(function (path) { ctx.stroke(path); });
        }
      });
    }

    // The shapes afresh at the view (`full`), or those drawn last, moved and scaled to it; then the labels.
    function paint(full) {
      var ratio = window.devicePixelRatio || 1, s = view.scale;
      var w = Math.round(width * ratio), h = Math.round(height * ratio);
      if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
      var ctx = canvas.getContext("2d");
      if (full || !shapesView) {
        shapes.width = w;
        shapes.height = h;
        var sctx = shapes.getContext("2d");
        sctx.setTransform(ratio * s, 0, 0, ratio * s, ratio * (width / 2 - view.x * s), ratio * (height / 2 - view.y * s));
        drawEdges(sctx, s);
        drawNodes(sctx, s);
        shapesView = { x: view.x, y: view.y, scale: s };
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = 1;
      ctx.clearRect(0, 0, w, h);
      var k = s / shapesView.scale; // where the shapes' view stands in this one
      var at = toDOM({ x: shapesView.x - width / (2 * shapesView.scale), y: shapesView.y - height / (2 * shapesView.scale) });
      ctx.setTransform(k, 0, 0, k, at.x * ratio, at.y * ratio);
      ctx.drawImage(shapes, 0, 0);
      labelView.ratio = ratio;
      labelView.scale = s;
      if (graph.drawLabels) graph.drawLabels(ctx, labelView);
    }

    // after the focus, the colours or the filters changed: every node's look again, and the frame
    function draw() {
      nodes.forEach(function (n) { looks[n.id] = graph.drawnNode(n); });
      paint(true);
    }

    // --- the pointer ---------------------------------------------------------------------------------
    var grid = null;
    function nodeAt(p) {
      if (!grid) {
        grid = Object.create(null);
        nodes.forEach(function (n) {
          var key = Math.floor(n.x / CELL) + ":" + Math.floor(n.y / CELL);
          (grid[key] = grid[key] || []).push(n);
        });
      }
      var g = toGraph(p), best = null, bestDistance = Infinity;
      var cx = Math.floor(g.x / CELL), cy = Math.floor(g.y / CELL);
      for (var x = cx - 1; x <= cx + 1; x++) {
        for (var y = cy - 1; y <= cy + 1; y++) {
          (grid[x + ":" + y] || []).forEach(function (n) {
            var d = Math.hypot(n.x - g.x, n.y - g.y);
            if (d <= looks[n.id].size + 3 / view.scale && d < bestDistance) { best = n; bestDistance = d; }
          });
        }
      }
      return best;
    }

    function pointer(ev) {
      var box = container.getBoundingClientRect();
      return { x: ev.clientX - box.left, y: ev.clientY - box.top };
    }

    var frame = null, settle = null;
    function repaint() { // the moved picture, at the next frame; afresh once the reader stops
      if (!frame) frame = window.requestAnimationFrame(function () { frame = null; paint(false); });
      clearTimeout(settle);
      settle = setTimeout(function () { settle = null; if (!done) paint(true); }, SETTLE);
    }

    function hover(n, p) {
      var id = n ? n.id : null;
      if (id !== graph.hovered) {
        graph.hovered = id;
        container.style.cursor = id ? "pointer" : "";
        if (!frame) frame = window.requestAnimationFrame(function () { frame = null; paint(false); });
      }
      if (n) graph.tip.node(n, p); else graph.tip.hide();
    }

    var drag = null, done = false;
    function on(type, fn, options) { graph.on(container, type, function (ev) { if (!done) fn(ev); }, options); }
    container.style.touchAction = "none"; // a drag moves the picture, not the page (as the network's does)
    on("pointerdown", function (ev) {
      if (ev.button !== 0) return;
      drag = { start: pointer(ev), view: { x: view.x, y: view.y }, moved: false };
    });
    on("pointermove", function (ev) {
      var p = pointer(ev);
      if (drag && (drag.moved || Math.hypot(p.x - drag.start.x, p.y - drag.start.y) > 4)) {
        if (!drag.moved && container.setPointerCapture) container.setPointerCapture(ev.pointerId);
        drag.moved = true;
        view.x = drag.view.x - (p.x - drag.start.x) / view.scale;
        view.y = drag.view.y - (p.y - drag.start.y) / view.scale;
        graph.moved = true;
        graph.tip.hide();
        repaint();
        return;
      }
      hover(nodeAt(p), p);
    });
    on("pointerleave", function () { if (!drag) hover(null); });
    on("pointerup", function (ev) {
      var was = drag;
      drag = null;
      if (!was || was.moved) return;
      var n = nodeAt(pointer(ev));
      if (graph.select) graph.select(n ? n.id : null, true); // the kind's own answer: the panel
      else if (n) graph.open(n.id);
    });
    on("dblclick", function (ev) {
      var n = nodeAt(pointer(ev));
      if (n && graph.select) graph.open(n.id);
    });
    on("wheel", function (ev) {
      ev.preventDefault();
      var p = pointer(ev), g = toGraph(p);
      var factor = Math.exp(-Math.max(-100, Math.min(100, ev.deltaY)) / 500);
      view.scale = Math.max(ZOOM.min, Math.min(ZOOM.max, view.scale * factor));
      view.x = g.x - (p.x - width / 2) / view.scale; // the point under the pointer stays
      view.y = g.y - (p.y - height / 2) / view.scale;
      graph.moved = true;
      graph.tip.hide();
      repaint();
    }, { passive: false });

    paint(true);
    shown();
    return {
      view: first,
      draw: draw,
      // The network starts where the reader left the picture (at first, the fit's view); then this
      // frame stops answering.
      handOver: function (network) {
        done = true;
        clearTimeout(settle);
        container.style.touchAction = "";
        graph.tip.hide();
        graph.hovered = null;
        network.moveTo({ position: { x: view.x, y: view.y }, scale: view.scale, animation: false });
      },
      remove: function () {
        done = true;
        clearTimeout(settle);
        if (canvas.parentNode) canvas.parentNode.removeChild(canvas);
      },
    };
  };
})(Atlas);
