/* Container Atlas, connections: the shortest typed paths between two entities, over graph.json,
 * as cited sentences and as a graph (from=id, to=id in the address). */
(function (A) {
  "use strict";

  function Connections(form) {
    var root = form.getAttribute("data-atlas-root");
    var types = JSON.parse(form.getAttribute("data-atlas-types"));
    var relationTypes = JSON.parse(form.getAttribute("data-atlas-relations"));
    var status = form.querySelector(".atlas-status");
    var out = form.querySelector(".atlas-paths");
    var figure = form.querySelector("[data-atlas-figure]");
    var container = figure.querySelector(".atlas-graph");
    var inputs = { from: form.elements.from, to: form.elements.to };
    var self = this;
    var doc = null, byId = {}, adjacent = {}, graph = null;
    this.paths = [];

    function resolve(name) {
      var q = (name || "").trim().toLowerCase();
      if (byId[q] && byId[q].url) return q;
      return A.findByName(doc.nodes, name, function (n) { return n.title; });
    }

    // Breadth-first from a, every relation followed both ways; every shortest chain of nodes, then
    // every choice of relation between each pair, up to `limit` paths (as `python -m graph path`).
    function shortest(a, b, limit) {
      var dist = {}, preds = {}, queue = [a];
      dist[a] = 0;
      preds[a] = [];
      for (var qi = 0; qi < queue.length; qi++) {
        var u = queue[qi];
        if (u === b) break;
        Object.keys(adjacent[u] || {}).sort().forEach(function (v) {
          if (dist[v] === undefined) { dist[v] = dist[u] + 1; preds[v] = [u]; queue.push(v); }
          else if (dist[v] === dist[u] + 1) preds[v].push(u);
        });
      }
      if (dist[b] === undefined) return [];
      var nodePaths = [];
      (function walk(node, tail) {
        if (nodePaths.length >= limit) return;
        if (node === a) { nodePaths.push([a].concat(tail)); return; }
        preds[node].slice().sort().forEach(function (p) { walk(p, [node].concat(tail)); });
      })(b, []);
      nodePaths.sort(function (x, y) { return x.join("\u0000") < y.join("\u0000") ? -1 : 1; });
      var paths = [];
      nodePaths.forEach(function (nodes) {
        var expanded = [[]];
        for (var i = 0; i + 1 < nodes.length; i++) {
          var options = adjacent[nodes[i]][nodes[i + 1]];
          var next = [];
          expanded.forEach(function (path) {
            options.forEach(function (step) { if (next.length < limit) next.push(path.concat([step])); });
          });
          expanded = next;
        }
        expanded.forEach(function (p) { if (paths.length < limit) paths.push(p); });
      });
      return paths;
    }

    function nodeLink(id) {
      var n = byId[id];
      return A.link(n.title, root + n.url);
    }

    function cite(source) {
      var parts = source.split("#");
      var src = byId[parts[0]];
      var text = parts[1] ? "\u00b6" + parts[1].replace(/^p/, "") : "source";
      if (!src) return A.el("span", "atlas-cite", source);
      var a = A.link(text, root + src.url + (parts[1] ? "#" + parts[1] : ""));
      a.className = "atlas-cite";
      a.title = src.title + (parts[1] ? ", paragraph " + parts[1].replace(/^p/, "") : "");
      return a;
    }

    function dropGraph() {
      if (!graph) return;
      graph.destroy();
      A.live.splice(A.live.indexOf(graph), 1);
      graph = null;
    }

    function show(a, b, remember) {
      dropGraph();
      out.replaceChildren();
      figure.hidden = true;
      self.paths = [];
      if (!a || !b) {
        status.textContent = "Name two entities: " + (!a ? "the first" : "the second") + " matches none.";
        return;
      }
      if (remember) A.writeParams({ from: a, to: b });
      if (a === b) { status.textContent = "That is the same entity twice."; return; }
      var paths = shortest(a, b, 10);
      self.paths = paths;
      if (!paths.length) {
        status.textContent = "No chain of relations links " + byId[a].title + " and " + byId[b].title + ".";
        return;
      }
      var steps = paths[0].length;
      status.textContent = paths.length + " shortest path" + (paths.length > 1 ? "s" : "") + " of " + steps +
        " step" + (steps > 1 ? "s" : "") + " from " + byId[a].title + " to " + byId[b].title + ".";
      var list = A.el("ol", "atlas-path-list");
      paths.forEach(function (path) {
        var item = A.el("li");
        var sentences = A.el("ol", "atlas-path");
        path.forEach(function (step) {
          var li = A.el("li");
          li.appendChild(nodeLink(step.start));
          li.appendChild(document.createTextNode(" "));
          li.appendChild(A.el("em", "", step.label));
          li.appendChild(document.createTextNode(" "));
          li.appendChild(nodeLink(step.end));
          step.link.sources.forEach(function (s) { li.appendChild(document.createTextNode(" ")); li.appendChild(cite(s)); });
          sentences.appendChild(li);
        });
        item.appendChild(sentences);
        list.appendChild(item);
      });
      out.appendChild(list);
      if (typeof vis === "undefined") return; // the sentences are the answer; the drawing needs the library
      // the paths as a graph: one row per path, each step one column further
      var placed = {}, nodes = [], edges = {}, row = 0;
      paths.forEach(function (path) {
        var ids = [path[0].start].concat(path.map(function (s) { return s.end; }));
        ids.forEach(function (id, col) {
          if (placed[id]) return;
          placed[id] = true;
          var n = byId[id];
          nodes.push({ id: id, label: n.title, x: col * 220, y: row * 110, type: n.type, summary: n.summary,
                       url: root + n.url });
        });
        path.forEach(function (s) {
          var key = s.link.source + "\u0000" + s.link.target;
          edges[key] = edges[key] || { from: s.link.source, to: s.link.target, types: [], labels: [] };
          if (edges[key].types.indexOf(s.link.type) < 0) {
            edges[key].types.push(s.link.type);
            edges[key].labels.push(s.link.label);
          }
        });
        row += 1;
      });
      var data = { centre: "", nodes: nodes, types: types, relationTypes: {},
                   edges: Object.keys(edges).sort().map(function (k) {
                     var e = edges[k];
                     return { from: e.from, to: e.to, types: e.types, label: e.labels.join(", ") };
                   }) };
      figure.hidden = false;
      container.setAttribute("data-atlas-graph", "path");
      graph = new A.Graph(container, data, A.controls.path);
      A.live.push(graph);
    }
    this.show = show;
    this.destroy = dropGraph;

    function run(remember) {
      show(resolve(inputs.from.value), resolve(inputs.to.value), remember);
    }

    function load(d) {
      doc = d;
      doc.nodes.forEach(function (n) { byId[n.id] = n; adjacent[n.id] = {}; });
      doc.links.forEach(function (l) {
        (adjacent[l.source][l.target] = adjacent[l.source][l.target] || []).push(
          { start: l.source, end: l.target, label: A.relationLabel(relationTypes, l.type, false), link: l });
        (adjacent[l.target][l.source] = adjacent[l.target][l.source] || []).push(
          { start: l.target, end: l.source, label: A.relationLabel(relationTypes, l.type, true), link: l });
      });
      var list = form.querySelector("datalist");
      list.replaceChildren.apply(list, doc.nodes.reduce(function (acc, n) {
        [n.title].concat(n.aliases).forEach(function (name) {
          var o = document.createElement("option");
          o.value = name;
          acc.push(o);
        });
        return acc;
      }, []));
      status.textContent = "";
      var p = A.params();
      if (p.get("from") && p.get("to")) {
        inputs.from.value = byId[p.get("from")] ? byId[p.get("from")].title : p.get("from");
        inputs.to.value = byId[p.get("to")] ? byId[p.get("to")].title : p.get("to");
        run(false);
      }
      form.setAttribute("data-atlas-ready", "true");
    }

    form.addEventListener("submit", function (ev) { ev.preventDefault(); if (doc) run(true); });
    status.textContent = "Loading the graph\u2026";
    fetch(root + "graph.json").then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.json();
    }).then(load).catch(function (error) {
      status.textContent = "The graph could not be loaded (" + error.message + "), so no connection can be " +
        "looked up. The entity pages list every relation.";
      form.setAttribute("data-atlas-ready", "failed");
    });
  }

  A.controls.path = function (graph) {
    graph.network.on("click", function (p) { if (p.nodes.length) graph.open(p.nodes[0]); });
    graph.network.fit({ animation: false });
  };

  A.Connections = Connections;
})(Atlas);
