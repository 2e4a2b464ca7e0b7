/* Container Atlas, entity pages: the local graph's depth, 1 to 3 hops, kept in the address. */
(function (A) {
  "use strict";

  A.controls.local = function (graph) {
    var state = graph.state, network = graph.network, data = graph.data;
    var buttons = graph.figure.querySelectorAll("[data-depth]");
    graph.filters.push(function (n) { return n.hop === undefined || n.hop <= state.depth; });

    var setDepth = function (depth, remember) {
      depth = Math.max(1, Math.min(depth, data.maxDepth || 1));
      state.depth = depth;
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", String(Number(b.getAttribute("data-depth")) === depth));
      });
      graph.refresh();
      network.fit({ animation: false });
      if (remember) A.writeParams({ depth: depth === 1 ? null : String(depth) });
    };
    buttons.forEach(function (b) {
      graph.on(b, "click", function () { setDepth(Number(b.getAttribute("data-depth")), true); });
    });
    network.on("click", function (p) { if (p.nodes.length) graph.open(p.nodes[0]); });
    graph.setDepth = setDepth;
    setDepth(Number(A.params().get("depth")) || 1, false);
  };
})(Atlas);
