/* Container Atlas, finding an entity by name: the global graph's search box and the connections form. */
(function (A) {
  "use strict";

  // The entity a reader means: an exact name or alias, else one that starts with the query, else
  // one that contains it. Only nodes with a page count. `title(n)` is a node's name.
  function findByName(nodes, query, title) {
    var q = (query || "").trim().toLowerCase();
    if (!q) return null;
    var tests = [
      function (s) { return s === q; },
      function (s) { return s.indexOf(q) === 0; },
      function (s) { return s.indexOf(q) >= 0; },
    ];
    for (var i = 0; i < tests.length; i++) {
      for (var j = 0; j < nodes.length; j++) {
        var n = nodes[j];
        var names = [title(n)].concat(n.aliases || []);
        if (n.url && names.some(function (s) { return tests[i](s.toLowerCase()); })) return n.id;
      }
    }
    return null;
  }

  A.findByName = findByName;
})(Atlas);
