/* Container Atlas, start: everything on a page, once per page view. Material's document$ emits on
 * the first load and after each instant navigation: the previous page's graphs are destroyed before
 * the new page's start, so there is exactly one network per graph element. */
(function (A) {
  "use strict";

  var live = A.live;
  window.atlasGraphs = live;
  var generation = 0;

  function startGraph(container, mine) {
    var kind = container.getAttribute("data-atlas-graph");
    var stage = container.parentNode;
    var inline = stage && stage.querySelector(":scope > template[data-atlas-json]");
    if (inline) {
      live.push(new A.Graph(container, JSON.parse(inline.content.textContent), A.controls[kind]));
      return;
    }
    var src = container.getAttribute("data-atlas-src");
    if (!src || !DATA_FILE.test(src)) return; // the site's own data files only: this loads a script
    var name = dataName(src);
    if (data[name]) { // read with the page, before this script (pages.data_scripts)
      A.mark("data");
      live.push(new A.Graph(container, take(name), A.controls[kind]));
      return;
    }
    container.setAttribute("aria-busy", "true");
    var script = document.createElement("script");
    script.src = src;
    script.onload = script.onerror = function () {
      script.remove();
      var found = take(name);
      // The reader may have moved on while the data was on its way.
      if (mine !== generation || !container.isConnected) return;
      container.removeAttribute("aria-busy");
      if (!found) {
        container.replaceChildren(A.el("p", "atlas-empty", "The graph could not be loaded (" + src + " did not load)."));
        return;
      }
      A.mark("data");
      live.push(new A.Graph(container, found, A.controls[kind]));
    };
    document.head.appendChild(script);
  }

  // A graph's data file is a script that puts the data under its name in `atlasData` (site.data_script).
  // The page has run it already, before this script, on its first load; after an instant navigation, or
  // in a page made without it, startGraph loads it. Each graph takes its data: a later page that draws
  // the same graph loads it again, and gets objects of its own.
  var data = window.atlasData = window.atlasData || {};
  var DATA_FILE = /^(\.\.\/)*assets\/atlas\/graphs\/_[a-z0-9-]+\.js$/;
  function dataName(src) {
    return src.split(/[?#]/)[0].split("/").pop().replace(/\.js$/, "");
  }
  function take(name) {
    var found = data[name];
    delete data[name];
    return found;
  }

  // The global graph fills the window below where it starts (atlas.css): where that is, measured before
  // its data arrives, and again when the window changes.
  function fill() {
    document.querySelectorAll("[data-atlas-figure='global']").forEach(function (figure) {
      if (figure.classList.contains("atlas-full")) return;
      var top = figure.getBoundingClientRect().top + window.scrollY;
      figure.style.setProperty("--atlas-top", Math.max(0, Math.round(top)) + "px");
    });
  }
  window.addEventListener("resize", fill);

  function startAll() {
    generation += 1;
    fill();
    var mine = generation;
    while (live.length) live.pop().destroy();
    document.querySelectorAll("table[data-atlas-sortable]").forEach(A.sortable);
    document.querySelectorAll("[data-atlas-facets-root]").forEach(A.facets);
    document.querySelectorAll("[data-atlas-connections]").forEach(function (form) {
      window.atlasConnections = new A.Connections(form);
    });
    document.querySelectorAll("[data-atlas-graph]").forEach(function (container) {
      startGraph(container, mine);
    });
  }

  // Follow Material's palette switch: it sets data-md-color-scheme on <body>.
  new MutationObserver(function () {
    live.forEach(function (g) { g.recolour(); });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  // The site's scripts end the body, so a page's graphs are in the document when this runs: they start
  // now, their first frame drawn as soon as their data is in, before the theme starts its own parts. The
  // theme's first `document$` is this same page (only measured again); each later one is a new page.
  var early = document.readyState === "loading" && document.querySelector("[data-atlas-graph]") !== null;
  if (early) startAll();
  function onPage() {
    if (early) {
      early = false;
      fill();
      return;
    }
    startAll();
  }
  // This script may run before the theme's (pages.data_scripts): its stream is then there once the
  // page has been read.
  function follow() {
    if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(onPage);
    else onPage();
  }
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", follow);
  } else {
    startAll();
  }
})(Atlas);
