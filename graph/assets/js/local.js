/* Container Atlas, entity pages: the local graph's depth, 1 to 3 hops, and its date, kept in the address. */
(function (A) {
  "use strict";

  // Before the first frame: the depth the address asks for (depth=), and what it reaches.
  A.before.local = function (graph) {
    var state = graph.state, data = graph.data;
    // Within the depth, what links to the centre through relations that hold on the date shown (all of
    // them when the graph has no dates): a neighbour linked only later is not drawn yet.
    var reach = null;
    graph.linked = function () {
      if (state.day === undefined) { reach = null; return; }
      reach = {};
      reach[data.centre] = 0;
      var frontier = [data.centre];
      for (var d = 1; d <= state.depth; d++) {
        var next = [];
        frontier.forEach(function (u) {
          graph.adjacent[u].forEach(function (x) {
            var n = graph.byId[x.other];
            if (reach[x.other] !== undefined || !A.time.edgeHolds(state.day, x.edge, graph.byId)) return;
            reach[x.other] = d;
            next.push(x.other);
          });
        });
        frontier = next;
      }
    };
    graph.filters.push(function (n) {
      return reach ? reach[n.id] !== undefined : n.hop === undefined || n.hop <= state.depth;
    });
    state.depth = Math.max(1, Math.min(Number(A.params().get("depth")) || 1, data.maxDepth || 1));
    graph.linked();
    if (A.full) A.full(graph);
  };

  A.controls.local = function (graph) {
    var state = graph.state, network = graph.network, data = graph.data;
    var buttons = graph.figure.querySelectorAll("[data-depth]");

    var setDepth = function (depth, remember, keepView) {
      depth = Math.max(1, Math.min(depth, data.maxDepth || 1));
      state.depth = depth;
      graph.linked();
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", String(Number(b.getAttribute("data-depth")) === depth));
      });
      graph.refresh();
      if (!keepView) network.fit({ animation: false });
      if (remember) A.writeParams({ depth: depth === 1 ? null : String(depth) });
    };
    buttons.forEach(function (b) {
      graph.on(b, "click", function () { setDepth(Number(b.getAttribute("data-depth")), true); });
    });
    network.on("click", function (p) { if (p.nodes.length) graph.open(p.nodes[0]); });
    graph.setDepth = setDepth;
    A.time.follow(graph, graph.linked);
    setDepth(state.depth, false, Boolean(graph.preview)); // the first frame's view (preview.js): the same fit
  };
})(Atlas);
