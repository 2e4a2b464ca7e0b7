/* Container Atlas, where am I: zoomed in on the global graph, a small overview in its corner shows the
 * whole graph and the part on screen; a click there moves the view to that place. Not zoomed in, it is
 * hidden and costs a comparison per frame. */
(function (A) {
  "use strict";

  var WIDTH = 160, HEIGHT = 110, PAD = 6; // CSS pixels

  A.overview = function (graph) {
    var network = graph.network, container = graph.container, data = graph.data;
    var canvas = A.el("canvas", "atlas-overview");
    canvas.hidden = true;
    canvas.setAttribute("aria-hidden", "true"); // the keyboard pans and zooms the graph itself
    canvas.title = "Overview: click to move there";
    container.parentNode.appendChild(canvas);
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(WIDTH * ratio);
    canvas.height = Math.round(HEIGHT * ratio);

    // The box round every node, and the scale that fits it in the overview.
    var box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    data.nodes.forEach(function (n) {
      box.left = Math.min(box.left, n.x); box.right = Math.max(box.right, n.x);
      box.top = Math.min(box.top, n.y); box.bottom = Math.max(box.bottom, n.y);
    });
    if (!isFinite(box.left)) return;
    var scale = Math.min((WIDTH - 2 * PAD) / Math.max(1, box.right - box.left),
                         (HEIGHT - 2 * PAD) / Math.max(1, box.bottom - box.top));
    var offX = (WIDTH - scale * (box.right - box.left)) / 2, offY = (HEIGHT - scale * (box.bottom - box.top)) / 2;
    function toMap(x, y) { return [offX + (x - box.left) * scale, offY + (y - box.top) * scale]; }
    function toGraph(x, y) { return { x: (x - offX) / scale + box.left, y: (y - offY) / scale + box.top }; }

    var dots = null; // the nodes, drawn once, when the overview is first shown
    function drawDots() {
      dots = document.createElement("canvas");
      dots.width = canvas.width;
      dots.height = canvas.height;
      var ctx = dots.getContext("2d");
      ctx.scale(ratio, ratio);
      data.nodes.forEach(function (n) {
        var p = toMap(n.x, n.y);
        ctx.fillStyle = n.colour || "#888";
        ctx.fillRect(p[0] - 1, p[1] - 1, 2, 2);
      });
    }

    var last = "";
    function update() {
      var s = network.getScale(), centre = network.getViewPosition();
      var w = container.clientWidth / s, h = container.clientHeight / s;
      var view = { left: centre.x - w / 2, top: centre.y - h / 2, right: centre.x + w / 2, bottom: centre.y + h / 2 };
      var key = [Math.round(view.left), Math.round(view.top), Math.round(view.right), Math.round(view.bottom)].join();
      if (key === last) return;
      last = key;
      var zoomed = view.left > box.left + 1 || view.top > box.top + 1 || view.right < box.right - 1 ||
        view.bottom < box.bottom - 1;
      canvas.hidden = !zoomed;
      if (!zoomed) return;
      if (!dots) drawDots();
      var colours = graph.colours(), ctx = canvas.getContext("2d");
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(dots, 0, 0);
      ctx.scale(ratio, ratio);
      var a = toMap(view.left, view.top), b = toMap(view.right, view.bottom);
      ctx.strokeStyle = colours.accent;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(Math.max(0.75, a[0]), Math.max(0.75, a[1]), Math.min(WIDTH - 1.5, b[0]) - Math.max(0.75, a[0]),
                     Math.min(HEIGHT - 1.5, b[1]) - Math.max(0.75, a[1]));
    }
    network.on("afterDrawing", update);
    graph.on(canvas, "click", function (ev) {
      var r = canvas.getBoundingClientRect();
      var at = toGraph((ev.clientX - r.left) * WIDTH / r.width, (ev.clientY - r.top) * HEIGHT / r.height);
      network.moveTo({ position: at, scale: network.getScale(),
                       animation: { duration: 250 } });
    });
    graph.overview = canvas;
  };
})(Atlas);
