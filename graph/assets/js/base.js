/* Container Atlas, the base every file shares: the Atlas namespace, where each kind of graph
 * registers what it adds, and small helpers for the DOM and the theme's colours.
 *
 * The files are joined, in order, into one assets/atlas/atlas.js (graph/site.py SCRIPT_PARTS):
 * base, then the library loader (loader.js), the address (address.js), name search (search.js), the
 * tooltip (tooltip.js), a graph and its declared state (graph.js), its network (network.js), then what
 * draws (labels.js, preview.js) and what each kind of graph adds (time, Play's story, full window,
 * the overview, local, global, changes, connections), the tables, and start.js, which starts everything on a page. Text reaches the DOM
 * through textContent only; labels are drawn on the canvas. */
var Atlas = (function () {
  "use strict";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  // The theme's colours now (they follow its light/dark palette).
  function palette() {
    return {
      fg: cssVar("--md-default-fg-color", "#222"),
      edge: cssVar("--md-default-fg-color--light", "#888"),
      bg: cssVar("--md-default-bg-color", "#fff"),
      accent: cssVar("--md-accent-fg-color", "#526cfe"),
    };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A button (type "button", so it never submits), with its attributes.
  function button(className, text, attributes) {
    var b = el("button", className, text);
    b.type = "button";
    Object.keys(attributes || {}).forEach(function (name) { b.setAttribute(name, attributes[name]); });
    return b;
  }

  function link(text, href) {
    var a = el("a", "", text);
    a.setAttribute("href", href);
    return a;
  }

  // How a relation reads from its subject, or (inverse) from its target; a type the site's schema
  // does not know reads as its id. The one place this fallback is written.
  function relationLabel(relationTypes, type, inverse) {
    var rt = (relationTypes || {})[type];
    if (!rt) return inverse ? type + " (inverse)" : type;
    return inverse ? rt.inverse : rt.label;
  }

  // The stages of a graph's start, as marks on the page's timeline ("atlas:data", "atlas:graph",
  // "atlas:first-frame"): the benchmark reads where a first frame's time goes from them.
  function mark(stage) {
    if (window.performance && performance.mark) performance.mark("atlas:" + stage);
  }

  return {
    controls: {}, // kind -> function (graph): what that kind of graph adds once its network is made
    before: {}, // kind -> function (graph): what its first frame shows and answers, set before it is drawn
    live: [], // the graphs of the page on screen
    palette: palette,
    el: el,
    button: button,
    link: link,
    relationLabel: relationLabel,
    mark: mark,
  };
})();
