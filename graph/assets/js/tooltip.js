/* Container Atlas, a graph's tooltip: our own element beside the graph, filled with textContent. The
 * network (network.js) and the first frame (preview.js) show the same one. */
(function (A) {
  "use strict";

  // The tooltip of `graph`, made on first use. `pointer` is in the graph element's CSS pixels.
  A.tooltip = function (graph) {
    var container = graph.container, stage = container.parentNode, tip = null;

    function show(children, pointer) {
      if (!tip) {
        tip = A.el("div", "atlas-tooltip");
        tip.setAttribute("role", "tooltip");
        stage.appendChild(tip);
      }
      tip.replaceChildren.apply(tip, children);
      tip.hidden = false;
      var box = container.getBoundingClientRect();
      var host = stage.getBoundingClientRect();
      var x = Math.min(pointer.x + 14, box.width - tip.offsetWidth - 4);
      tip.style.left = Math.max(4, x + box.left - host.left) + "px";
      tip.style.top = (pointer.y + 14 + box.top - host.top) + "px";
    }

    return {
      node: function (n, pointer) {
        show([A.el("strong", "atlas-tip__title", n.label), A.el("span", "atlas-tip__type", n.typeLabel),
              A.el("span", "atlas-tip__summary", n.summary)], pointer);
      },
      edge: function (e, pointer) {
        var a = graph.byId[e.from], b = graph.byId[e.to];
        show([A.el("span", "atlas-tip__summary", a.label + " " + e.label + " " + b.label)], pointer);
      },
      hide: function () { if (tip) tip.hidden = true; },
      remove: function () { if (tip && tip.parentNode) tip.parentNode.removeChild(tip); tip = null; },
    };
  };
})(Atlas);
