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
    toolbar(graph);
    if (A.full) A.full(graph);
  };

  // The toolbar's buttons, made here (the page carries an empty toolbar, render/entity.py): the depth,
  // 1 to 3 hops (those beyond the graph's reach disabled); full window's is full.js's.
  function toolbar(graph) {
    var bar = graph.figure.querySelector("[data-atlas-controls='local']");
    if (!bar || bar.childElementCount) return;
    var group = A.el("div", "atlas-toolbar-group");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Depth of the graph");
    group.appendChild(A.el("span", "atlas-toolbar-label", "Depth:"));
    [1, 2, 3].forEach(function (d) {
      var b = A.button("md-button atlas-depth-button", d + (d > 1 ? " hops" : " hop"),
                       { "data-depth": String(d), "aria-pressed": String(d === graph.state.depth) });
      b.disabled = d > (graph.data.maxDepth || 1);
      group.appendChild(b);
    });
    bar.replaceChildren(group); // full.js adds its button
  }

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
