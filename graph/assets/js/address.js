/* Container Atlas, the address: what a graph page shows is kept in its query (filters, focus, depth,
 * the date), read with `params` and written, without a new history entry, with `writeParams`. */
(function (A) {
  "use strict";

  function params() {
    return new URLSearchParams(window.location.search);
  }

  // `values`: key -> value; null, "" or undefined removes the key.
  function writeParams(values) {
    var p = params();
    Object.keys(values).forEach(function (key) {
      var v = values[key];
      if (v === null || v === "" || v === undefined) p.delete(key);
      else p.set(key, v);
    });
    var query = p.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    history.replaceState(history.state, "", url);
  }

  A.params = params;
  A.writeParams = writeParams;
})(Atlas);
