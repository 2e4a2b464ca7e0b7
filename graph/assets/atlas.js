/* Container Atlas: starts every graph on the page, once per page view.
 *
 * Graph data comes from the data-atlas-data attribute (JSON) of each [data-atlas-graph] element. Text reaches the DOM through textContent only; labels are drawn on
 * the canvas. Material's document$ emits on the first load and after each instant navigation, so
 * every graph of the previous page is destroyed before the new page's graphs start.
 */
(function () {
  "use strict";

  var live = [];
  window.atlasGraphs = live;

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  function palette() {
    return {
      fg: cssVar("--md-default-fg-color", "#222"),
      edge: cssVar("--md-default-fg-color--light", "#888"),
      bg: cssVar("--md-default-bg-color", "#fff"),
      accent: cssVar("--md-accent-fg-color", "#526cfe"),
    };
  }

  function textElement(tag, className, text) {
    var el = document.createElement(tag);
    el.className = className;
    el.textContent = text;
    return el;
  }

  function tooltip(node) {
    var box = document.createElement("div");
    box.className = "atlas-tip";
    box.appendChild(textElement("strong", "atlas-tip__title", node.label));
    box.appendChild(textElement("span", "atlas-tip__type", node.typeLabel));
    box.appendChild(textElement("span", "atlas-tip__summary", node.summary));
    return box;
  }

  function edgeTooltip(edge, byId) {
    var from = byId[edge.from], to = byId[edge.to];
    return textElement("div", "atlas-tip", (from ? from.label : edge.from) + " " + edge.label + " " +
      (to ? to.label : edge.to));
  }

  function nodeStyle(node, centre, colours) {
    return {
      id: node.id,
      label: node.label,
      x: node.x,
      y: node.y,
      shape: node.shape,
      size: node.id === centre ? 20 : 12,
      borderWidth: node.id === centre ? 3 : 1,
      color: {
        background: node.colour,
        border: node.id === centre ? colours.fg : node.colour,
        highlight: { background: node.colour, border: colours.accent },
        hover: { background: node.colour, border: colours.accent },
      },
      font: { color: colours.fg, size: node.id === centre ? 16 : 13,
              background: node.shape === "box" ? undefined : colours.bg },
    };
  }

  function edgeStyle(edge, index, showLabel, colours) {
    return {
      id: index,
      from: edge.from,
      to: edge.to,
      label: showLabel ? edge.label : undefined,
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: colours.edge, highlight: colours.accent, hover: colours.accent },
      font: { color: colours.fg, size: 10, strokeWidth: 3, strokeColor: colours.bg, align: "middle" },
    };
  }

  function start(container) {
    var raw = container.getAttribute("data-atlas-data");
    if (!raw || typeof vis === "undefined") return null;
    var data = JSON.parse(raw);
    var colours = palette();
    var local = container.getAttribute("data-atlas-graph") === "local";
    var byId = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      var style = nodeStyle(n, data.centre, colours);
      style.title = tooltip(n);
      return style;
    }));
    var edges = new vis.DataSet(data.edges.map(function (e, i) {
      var style = edgeStyle(e, i, local, colours);
      style.title = edgeTooltip(e, byId);
      return style;
    }));
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
      physics: false,
      layout: { improvedLayout: false },
      edges: { smooth: false },
      interaction: {
        hover: true,
        tooltipDelay: 100,
        keyboard: { enabled: true, bindToWindow: false },
        multiselect: false,
      },
    });
    network.fit({ animation: false });
    var graph = { container: container, network: network, nodes: nodes, edges: edges, data: data, drawn: false };
    network.once("afterDrawing", function () {
      graph.drawn = true;
      container.setAttribute("data-atlas-drawn", "true");
    });
    network.on("click", function (params) {
      if (!params.nodes.length) return;
      var node = byId[params.nodes[0]];
      if (node && node.url) window.location.assign(node.url);
    });
    network.on("hoverNode", function () { container.style.cursor = "pointer"; });
    network.on("blurNode", function () { container.style.cursor = ""; });
    graph.recolour = function () {
      var c = palette();
      nodes.update(data.nodes.map(function (n) {
        var style = nodeStyle(n, data.centre, c);
        delete style.x; delete style.y; delete style.label;
        return style;
      }));
      edges.update(data.edges.map(function (e, i) {
        var style = edgeStyle(e, i, local, c);
        delete style.label;
        return style;
      }));
    };
    return graph;
  }

  function startAll() {
    while (live.length) {
      var old = live.pop();
      old.network.destroy();
    }
    var found = document.querySelectorAll("[data-atlas-graph]");
    for (var i = 0; i < found.length; i++) {
      var graph = start(found[i]);
      if (graph) live.push(graph);
    }
  }

  // Follow Material's palette switch: it sets data-md-color-scheme on <body>.
  new MutationObserver(function () {
    live.forEach(function (g) { g.recolour(); });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(startAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
