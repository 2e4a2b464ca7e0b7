/* Container Atlas, the first frame: a graph drawn on a canvas of its own as soon as its data is
 * here, before the graph library has loaded and made its network (base.js). It draws what the
 * network's first frame will: the same nodes and edges, filtered by the address, with the same
 * shapes, colours and sizes, at the view the network's `fit` computes, and the same labels
 * (labels.js). When the network has drawn its own frame, this canvas is removed. It lies over the
 * graph's element, takes no pointer events and is hidden from assistive technology: the legend and
 * the page's lists carry the graph's text. Drawn for kinds that set their first view beforehand (an
 * Atlas.before entry) or only fit it (no controls); the others wait for the network. */
(function (A) {
  "use strict";

  // Paths as vis-network 9 traces them, centred on (x, y), for a node of size r.
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
        ctx.lineTo(x + d * Math.sin(2 * i * Math.PI / 10), y - d * Math.cos(2 * i * Math.PI / 10));
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

  A.preview = function (graph) {
    var container = graph.container, stage = container.parentNode, data = graph.data;
    var width = container.clientWidth, height = container.clientHeight;
    if (!width || !height || !stage) return null;
    var nodes = data.nodes.filter(graph.nodeVisible);
    var edges = data.edges.filter(graph.edgeVisible);
    var looks = Object.create(null);
    nodes.forEach(function (n) { looks[n.id] = graph.drawnNode(n); });
    var view = fit(nodes, looks, width, height);
    if (graph.firstView) view = graph.firstView(view);
    if (!view) return null; // this kind's first view depends on what only the network can do

    var canvas = document.createElement("canvas");
    canvas.className = "atlas-preview";
    canvas.setAttribute("aria-hidden", "true");
    canvas.style.left = container.offsetLeft + container.clientLeft + "px";
    canvas.style.top = container.offsetTop + container.clientTop + "px";
    canvas.style.width = width + "px";
    canvas.style.height = height + "px";
    stage.appendChild(canvas);

    var s = view.scale, tx = width / 2 - view.x * s, ty = height / 2 - view.y * s;
    var labelView = {
      scale: s,
      width: width,
      height: height,
      ratio: 1,
      toDOM: function (p) { return { x: p.x * s + tx, y: p.y * s + ty }; },
      positions: function (ids) {
        var out = {};
        (ids || Object.keys(graph.byId)).forEach(function (id) {
          var n = graph.byId[id];
          if (n) out[id] = { x: n.x, y: n.y };
        });
        return out;
      },
      visible: nodes.map(function (n) { return n.id; }),
      edgeShown: function (id) { return graph.edgeVisible(data.edges[id]); },
    };

    function drawEdges(ctx) {
      edges.forEach(function (e) {
        var a = graph.byId[e.from], b = graph.byId[e.to], look = graph.drawnEdge(e);
        if (!looks[e.from] || !looks[e.to]) return;
        var line = Math.max(look.width, 0.3 / s);
        ctx.globalAlpha = look.opacity;
        ctx.strokeStyle = ctx.fillStyle = look.colour;
        ctx.lineWidth = line;
        var end = { x: b.x, y: b.y };
        var dx = b.x - a.x, dy = b.y - a.y, length = Math.hypot(dx, dy);
        if (look.arrow && length > 0) {  // vis-network's arrow: its tip on the target's border
          var ux = dx / length, uy = dy / length, head = 15 * look.arrow + 3 * line;
          var tip = { x: b.x - ux * looks[e.to].size, y: b.y - uy * looks[e.to].size };
          end = { x: tip.x - 0.9 * head * ux, y: tip.y - 0.9 * head * uy };
          var angle = Math.atan2(dy, dx), cos = Math.cos(angle), sin = Math.sin(angle);
          ctx.beginPath();
          [[0, 0], [-1, 0.3], [-0.9, 0], [-1, -0.3]].forEach(function (p, i) {
            var x = tip.x + head * (p[0] * cos - p[1] * sin), y = tip.y + head * (p[0] * sin + p[1] * cos);
            if (i) ctx.lineTo(x, y); else ctx.moveTo(x, y);
          });
          ctx.closePath();
          ctx.fill();
        }
        ctx.beginPath();
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(end.x, end.y);
        ctx.stroke();
      });
    }

    function drawNodes(ctx) {
      nodes.forEach(function (n) {
        var look = looks[n.id];
        ctx.globalAlpha = look.opacity;
        ctx.beginPath();
        (SHAPES[look.shape] || SHAPES.dot)(ctx, n.x, n.y, look.size);
        ctx.closePath();
        ctx.fillStyle = look.background;
        ctx.fill();
        var border = look.borderWidth / s;
        if (border > 0) {
          ctx.lineWidth = Math.min(2 * look.size, border);
          ctx.strokeStyle = look.border;
          ctx.stroke();
        }
      });
    }

    function draw() {
      var ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio * s, 0, 0, ratio * s, ratio * tx, ratio * ty);
      drawEdges(ctx);
      drawNodes(ctx);
      ctx.globalAlpha = 1;
      labelView.ratio = ratio;
      if (graph.drawLabels) graph.drawLabels(ctx, labelView);
    }

    draw();
    return {
      view: view,
      draw: draw,
      remove: function () { if (canvas.parentNode) canvas.parentNode.removeChild(canvas); },
    };
  };
})(Atlas);
