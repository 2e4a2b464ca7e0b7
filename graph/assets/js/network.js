/* Container Atlas, a graph's network: made by the graph library from the graph's items, in pieces
 * that leave the page answering the reader.
 *
 * Making a network of 10,000 nodes and 20,000 edges at once blocks the page for seconds (the library
 * makes an object per item, and checks its options). So the network is made empty, with its drawing
 * held, and the items are added a slice at a time, each slice a task of at most SLICE ms, the page's
 * input answered between them; the first frame (preview.js) stays on screen, and answers the pointer,
 * meanwhile. Then the network takes the view and the selection the reader made on the first frame,
 * draws, and the first frame goes. */
(function (A) {
  "use strict";

  var SLICE = 30; // ms of work per task, well under the 50 ms from which a task counts as long
  var ARROW_SCALE = 0.4; // big graphs: zoom from which arrowheads are drawn

  var PAUSE = {}; // a step that ends the task: what follows it starts a task of its own

  // Runs `steps` (functions of a time limit, true when they are finished, or PAUSE) in tasks of about
  // SLICE ms, then `done`; stops when the graph is destroyed.
  function inPieces(graph, steps, done) {
    var i = 0;
    (function slice() {
      if (graph.destroyed) return;
      var end = performance.now() + SLICE, paused = false;
      while (i < steps.length && !paused && performance.now() < end) {
        paused = steps[i] === PAUSE;
        if (paused || steps[i](end)) i += 1;
      }
      if (i < steps.length || paused) setTimeout(slice, 0);
      else done();
    })();
  }

  // A step adding `list`, mapped by `item`, to `set`: as many items as fit before the limit, judged by
  // how long the last ones took (an edge costs the library less than a node, a big graph more).
  function adding(set, list, item) {
    var at = 0, size = 50;
    return function (end) {
      while (at < list.length) {
        var left = end - performance.now();
        if (left <= 0) break;
        var began = performance.now();
        var count = Math.max(1, Math.min(size, list.length - at));
        set.add(list.slice(at, at + count).map(item));
        at += count;
        var each = (performance.now() - began) / count;
        size = Math.max(10, Math.floor(0.8 * SLICE / Math.max(each, 0.001)));
        size = Math.min(size, Math.max(1, Math.floor(left / Math.max(each, 0.001))));
      }
      return at >= list.length;
    };
  }

  A.network = function (graph, controls) {
    var data = graph.data, byId = graph.byId, styles = graph.styles, container = graph.container;
    var nodes = new vis.DataSet(), edges = new vis.DataSet();
    var nodeView = new vis.DataView(nodes, { filter: function (n) { return graph.nodeVisible(byId[n.id]); } });
    var edgeView = new vis.DataView(edges, { filter: function (e) { return graph.edgeVisible(data.edges[e.id]); } });
    var base = styles.defaults();
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
        hideEdgesOnDrag: graph.big,
        hideEdgesOnZoom: graph.big,
      },
    });
    // While the items come in, the network neither draws (no frame of a half-made network) nor counts
    // again, after each addition, every node and edge it holds (what it shows, the range of sizes): done
    // after each slice, that recount cost as much as the slice itself. Both are done once, at the end.
    var emitter = network.body.emitter, emit = emitter.emit;
    emitter.emit("_blockRedraw");
    emitter.emit = function (name) { if (name !== "_dataChanged") return emit.apply(emitter, arguments); };
    var counted = function () { // the recount put off, in a task of its own
      delete emitter.emit; // the library's own, from its prototype
      if (emitter.emit !== emit) emitter.emit = emit;
      emitter.emit("_dataChanged");
      return true;
    };
    inPieces(graph, [PAUSE, adding(nodes, data.nodes, styles.node), adding(edges, data.edges, styles.edge), PAUSE, counted,
                     PAUSE], function () {
      graph.nodes = nodes;
      graph.edges = edges;
      graph.nodeView = nodeView;
      graph.edgeView = edgeView;
      graph.network = network;
      edits(graph);
      emitter.emit("_allowRedraw");
      ready(graph, network, controls);
    });
  };

  // The network has every item: it answers, its kind adds its controls, and it draws.
  function ready(graph, network, controls) {
    var data = graph.data, byId = graph.byId, container = graph.container, tip = graph.tip;
    if (graph.big) {
      network.on("afterDrawing", function () {  // after any zoom: the reader's, a fit, a focus
        var want = network.getScale() >= ARROW_SCALE;
        if (want === graph.arrows) return;
        graph.arrows = want;
        network.setOptions({ edges: { arrows: { to: { enabled: want, scaleFactor: graph.styles.HEAD } } } });
      });
    }
    network.once("afterDrawing", function () {
      graph.drawn = true;
      if (graph.preview) { graph.preview.remove(); graph.preview = null; } // the network's frame replaces it
      container.setAttribute("data-atlas-drawn", "true");
      container.setAttribute("data-atlas-drawn-at", String(Math.round(performance.now())));
      A.shown(container);
    });

    network.on("hoverNode", function (p) {
      var n = byId[p.node];
      graph.hovered = n.id; // its label and its edges' labels are drawn (labels.js)
      network.redraw();
      container.style.cursor = "pointer";
      tip.node(n, p.pointer.DOM);
    });
    network.on("blurNode", function () {
      graph.hovered = null;
      network.redraw();
      container.style.cursor = "";
      tip.hide();
    });
    network.on("hoverEdge", function (p) { tip.edge(data.edges[p.edge], p.pointer.DOM); });
    network.on("blurEdge", tip.hide);
    network.on("dragStart", tip.hide);
    network.on("zoom", tip.hide);

    if (A.labels) A.labels.follow(graph);
    if (graph.preview) graph.preview.handOver(network); // the view the reader left the first frame at
    if (controls) {
      controls(graph);
    } else {
      network.on("click", function (p) { if (p.nodes.length) graph.open(p.nodes[0]); });
      if (!graph.preview) network.fit({ animation: false });
    }
  }

  // What changes the network's items after it is made: set on the graph (graph.js declares them).
  function edits(graph) {
    var data = graph.data, styles = graph.styles;

    // What the network shows, as of the last refresh: the views' filters answer for the state now (a
    // new date, say), so what was shown before a change is read from here.
    var shown = Object.create(null);
    function record() {
      shown = Object.create(null);
      graph.nodeView.getIds().forEach(function (id) { shown[id] = true; });
    }

    graph.refresh = function () {
      graph.nodeView.refresh();
      graph.edgeView.refresh();
      record();
    };
    record();

    // After a filter changed (the date, say): what ends fades out, then what starts fades in, where
    // they stand (positions never move). Big graphs change at once: the fade would cost more than it shows.
    var fading = 0;
    graph.fade = function () {
      fading += 1;
      var mine = fading, network = graph.network;
      graph.leaving = null;
      if (graph.big || !graph.drawn || !window.requestAnimationFrame) { graph.refresh(); network.redraw(); return; }
      var before = shown;
      var going = data.nodes.filter(function (n) { return before[n.id] && !graph.nodeVisible(n); });
      var coming = data.nodes.filter(function (n) { return !before[n.id] && graph.nodeVisible(n); });
      // what ends stays in the views while it fades (the filter would drop it at its first change)
      graph.leaving = Object.create(null);
      going.forEach(function (n) { graph.leaving[n.id] = true; });
      animate(going, 1, 0, function () {
        if (mine !== fading) return;
        graph.leaving = null;
        // what starts comes in faint (set while it is off the graph, so no frame shows it whole), then rises
        if (coming.length) graph.nodes.update(coming.map(function (n) { return { id: n.id, opacity: 0.15 }; }));
        graph.refresh();
        settle(going); // off the graph now: as they will be drawn when a date brings them back
        network.redraw(); // the next frame, even when nothing starts or ends
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
        graph.nodes.update(list.map(function (n) { return { id: n.id, opacity: from + (to - from) * t }; }));
        if (t < 1) window.requestAnimationFrame(frame);
        else if (to > 0) { settle(list); done(); }
        else done(); // faded out: settled once off the graph (an update now would draw it whole again)
      }
      window.requestAnimationFrame(frame);
    }

    function settle(list) {
      graph.nodes.update(list.map(function (n) { return { id: n.id, opacity: graph.isDimmed(n) ? 0.2 : 1 }; }));
    }

    function unplaced(s) { delete s.x; delete s.y; return s; }

    // After the date changed: the undated nodes, hollow at past dates and filled today.
    graph.restyleUndated = function () {
      if (!graph.nodes || !graph.undated.length) return;
      graph.nodes.update(graph.undated.map(function (n) { return unplaced(styles.nodeStyle(n)); }));
    };

    // The nodes the captions name (story.js), lit; those they named before, as they were.
    graph.light = function (ids) {
      var state = graph.state, changed = Object.keys(state.lit).concat(Object.keys(ids)).filter(function (id) {
        return graph.byId[id] && Boolean(state.lit[id]) !== Boolean(ids[id]);
      });
      state.lit = ids;
      // opacity left as it is: a node the date brings in is still fading in
      if (changed.length) {
        graph.nodes.update(changed.map(function (id) {
          var style = unplaced(styles.nodeStyle(graph.byId[id]));
          delete style.opacity;
          return style;
        }));
      }
    };

    graph.restyle = function () {
      graph.nodes.update(data.nodes.map(function (n) { return unplaced(styles.nodeStyle(n)); }));
      graph.edges.update(data.edges.map(styles.edgeStyle));
    };
  }
})(Atlas);
