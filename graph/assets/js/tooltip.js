/* Container Atlas, a graph's tooltip: our own element beside the graph, filled with textContent. The
 * network (network.js) and the first frame (preview.js) show the same one. */
(function (A) {
  "use strict";

  // The tooltip of `graph`, made on first use. `pointer` is in the graph element's CSS pixels.
  // The summaries' files (graph/render/context.py summaries), beside the script: a node's is in the file
  // its id hashes to (FNV-1a, as context.summary_shard), each file asked for once per page view.
  var SHARDS = 16, files = {};
  var base = document.currentScript ? document.currentScript.src : window.location.href; // read now, as loader.js

  function shard(id) {
    var h = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
    return h % SHARDS;
  }

  A.summary = function (id) {
    var k = shard(id);
    if (!files[k]) {
      files[k] = fetch(new URL("graphs/_summaries-" + k.toString(16) + ".json", base).href).then(function (r) {
        if (!r.ok) throw new Error(r.status + " summaries");
        return r.json();
      });
      files[k].catch(function () { delete files[k]; }); // asked for again at the next hover
    }
    return files[k].then(function (all) { return all[id] || ""; });
  };
  A.summaryShard = shard;

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

    var shown = null; // the node whose tip is up

    return {
      // A page's own graph carries no summaries: the first hover asks for the file that holds this one
      // (A.summary), and the tip takes it when it comes, if the pointer is still there.
      node: function (n, pointer) {
        shown = n;
        var summary = A.el("span", "atlas-tip__summary", n.summary === undefined ? "\u2026" : n.summary);
        show([A.el("strong", "atlas-tip__title", n.label), A.el("span", "atlas-tip__type", n.typeLabel), summary],
             pointer);
        if (n.summary !== undefined) return;
        A.summary(n.id).then(function (text) {
          n.summary = text;
          if (shown === n && tip && !tip.hidden) summary.textContent = text;
        }, function () { summary.textContent = ""; });
      },
      edge: function (e, pointer) {
        var a = graph.byId[e.from], b = graph.byId[e.to];
        show([A.el("span", "atlas-tip__summary", a.label + " " + e.label + " " + b.label)], pointer);
      },
      hide: function () { shown = null; if (tip) tip.hidden = true; },
      remove: function () { if (tip && tip.parentNode) tip.parentNode.removeChild(tip); tip = null; },
    };
  };
})(Atlas);
