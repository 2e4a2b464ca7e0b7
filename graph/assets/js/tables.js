/* Container Atlas, tables: sortable columns, and the facets that narrow a list of entities
 * (f=keys in the address). Neither needs the graph library. */
(function (A) {
  "use strict";

  A.sortable = function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      var button = A.button("atlas-sort", th.textContent);
      th.replaceChildren(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var kx = x.hasAttribute("data-sort") ? x.getAttribute("data-sort") : x.textContent.toLowerCase();
          var ky = y.hasAttribute("data-sort") ? y.getAttribute("data-sort") : y.textContent.toLowerCase();
          if (kx === ky) return 0;
          if (kx === "") return 1; // empty cells last either way
          if (ky === "") return -1;
          return (kx < ky ? -1 : 1) * (ascending ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  };

  A.facets = function (root) {
    var boxes = root.querySelectorAll("[data-atlas-facet]");
    var rows = root.querySelectorAll("tbody tr");
    var status = root.querySelector(".atlas-status");
    function apply(remember) {
      var groups = {};
      boxes.forEach(function (b) {
        if (!b.checked) return;
        var g = b.getAttribute("data-atlas-group");
        (groups[g] = groups[g] || []).push(b.getAttribute("data-atlas-facet"));
      });
      var shown = 0;
      rows.forEach(function (row) {
        var has = " " + row.getAttribute("data-atlas-facets") + " ";
        var ok = Object.keys(groups).every(function (g) {
          return groups[g].some(function (f) { return has.indexOf(" " + f + " ") >= 0; });
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = shown + (shown === 1 ? " entity" : " entities");
      if (remember) {
        var keys = [];
        boxes.forEach(function (b) { if (b.checked) keys.push(b.getAttribute("data-atlas-key")); });
        A.writeParams({ f: keys.length ? keys.join("|") : null });
      }
    }
    boxes.forEach(function (b) { b.addEventListener("change", function () { apply(true); }); });
    var clear = root.querySelector("[data-action='clear-facets']");
    clear.addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      apply(true);
    });
    var wanted = (A.params().get("f") || "").split("|");
    boxes.forEach(function (b) { b.checked = wanted.indexOf(b.getAttribute("data-atlas-key")) >= 0; });
    apply(false);
    root.setAttribute("data-atlas-ready", "true");
  };
})(Atlas);
