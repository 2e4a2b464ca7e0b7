/* Container Atlas, the graph library's loader. vis-network is one file beside atlas.js, loaded once
 * per page view (kept across instant navigation), and asked for only after a graph's first frame is
 * on screen (preview.js) and the page has loaded, so its download and start delay neither. */
(function (A) {
  "use strict";

  // Its address is read now, while the script's own address still resolves against the page that
  // loaded it (instant navigation changes the page's address).
  var LIBRARY = new URL("vis-network.min.js", document.currentScript ? document.currentScript.src
                                                                     : window.location.href).href;
  var loading = null;

  function library() {
    if (typeof vis !== "undefined") return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = LIBRARY;
        script.onload = function () {
          if (typeof vis !== "undefined") resolve();
          else reject(new Error("the graph library did not start"));
        };
        script.onerror = function () {
          loading = null; // a later page may try again
          script.remove();
          reject(new Error("the graph library did not load"));
        };
        // after the page's own load: the page is complete without the library, which only adds to it
        if (document.readyState === "complete") document.head.appendChild(script);
        else window.addEventListener("load", function () { document.head.appendChild(script); }, { once: true });
      });
    }
    return loading;
  }

  // `fn` once the frame drawn so far is on screen (or after a short wait, where frames are not painted)
  function afterPaint(fn) {
    var done = false;
    var go = function () { if (!done) { done = true; fn(); } };
    if (window.requestAnimationFrame) window.requestAnimationFrame(function () { setTimeout(go, 0); });
    setTimeout(go, 250);
  }

  A.library = library;
  A.afterPaint = afterPaint;
})(Atlas);
