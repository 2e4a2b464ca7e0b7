/* Container Atlas, connections: the shortest typed paths between two entities, over graph.json,
 * as cited sentences and as a graph (from=id, to=id in the address). */
(function (A) {
  "use strict";

  // How two entities are connected: the same specification as `python -m graph path` (graph/paths.py),
  // step for step. Relations link the entities of graph.json; neighbours are taken in order of id and
  // paths come in that order, depth first from `a`; between two entities the relations from the first
  // come before those from the second, each by type and then by citations.
  function pathIndex(doc, relationTypes) {
    var byId = Object.create(null), neighbours = Object.create(null), between = Object.create(null);
    doc.nodes.forEach(function (n) { byId[n.id] = n; neighbours[n.id] = {}; });
    doc.links.forEach(function (l) {
      if (l.source === l.target || !neighbours[l.source] || !neighbours[l.target]) return;
      neighbours[l.source][l.target] = true;
      neighbours[l.target][l.source] = true;
      var key = l.source + "\u0000" + l.target;
      (between[key] = between[key] || []).push(l);
    });
    var sorted = Object.create(null);
    Object.keys(neighbours).forEach(function (id) { sorted[id] = Object.keys(neighbours[id]).sort(); });
    function order(x, y) {
      var k = function (l) { return l.type + "\u0000" + l.sources.join(","); };
      return (between[x + "\u0000" + y] || []).slice().sort(function (p, q) { return k(p) < k(q) ? -1 : k(p) > k(q) ? 1 : 0; });
    }
    function steps(u, v) {
      return order(u, v).map(function (l) {
        return { start: u, end: v, label: A.relationLabel(relationTypes, l.type, false), link: l, forward: true };
      }).concat(order(v, u).map(function (l) {
        return { start: u, end: v, label: A.relationLabel(relationTypes, l.type, true), link: l, forward: false };
      }));
    }
    return { byId: byId, neighbours: sorted, steps: steps };
  }

  function distances(neighbours, start) {
    var distance = {}, queue = [start];
    distance[start] = 0;
    for (var i = 0; i < queue.length; i++) {
      neighbours[queue[i]].forEach(function (other) {
        if (distance[other] === undefined) { distance[other] = distance[queue[i]] + 1; queue.push(other); }
      });
    }
    return distance;
  }

  function shortestPaths(index, a, b, limit) {
    if (a === b || !index.neighbours[a] || !index.neighbours[b]) return [];
    var fromA = distances(index.neighbours, a), fromB = distances(index.neighbours, b);
    if (fromA[b] === undefined) return [];
    var length = fromA[b], out = [];
    (function walk(node, path) {
      if (node === b) { out.push(path); return; }
      var next = index.neighbours[node];
      for (var i = 0; i < next.length && out.length < limit; i++) {
        var other = next[i];
        if (fromA[other] !== fromA[node] + 1 || fromB[other] !== length - fromA[other]) continue;
        var options = index.steps(node, other);
        for (var j = 0; j < options.length && out.length < limit; j++) walk(other, path.concat([options[j]]));
      }
    })(a, []);
    return out;
  }

  function Connections(form) {
    var root = form.getAttribute("data-atlas-root");
    var types = JSON.parse(form.getAttribute("data-atlas-types"));
    var relationTypes = JSON.parse(form.getAttribute("data-atlas-relations"));
    var sections = JSON.parse(form.getAttribute("data-atlas-sections") || "{}");
    var status = form.querySelector(".atlas-status");
    var out = form.querySelector(".atlas-paths");
    var figure = form.querySelector("[data-atlas-figure]");
    var container = figure.querySelector(".atlas-graph");
    var inputs = { from: form.elements.from, to: form.elements.to };
    var self = this;
    var doc = null, byId = Object.create(null), index = null, graph = null;
    this.paths = [];

    function resolve(name) {
      var q = (name || "").trim().toLowerCase();
      if (byId[q] && byId[q].url) return q;
      return A.findByName(doc.nodes, name, function (n) { return n.title; });
    }

    function shortest(a, b, limit) {
      return shortestPaths(index, a, b, limit);
    }

    function nodeLink(id) {
      var n = byId[id];
      return A.link(n.title, root + n.url);
    }

    // A citation as the entity pages show it: a paragraph as ¶16, a named section as § and its heading.
    function cite(source) {
      var parts = source.split("#"), locator = parts[1] || "";
      var src = byId[parts[0]];
      if (!src) return A.el("span", "atlas-cite", source);
      var paragraph = /^p[1-9][0-9]*$/.test(locator) ? locator.slice(1) : "";
      var heading = locator && !paragraph ? ((sections[parts[0]] || {})[locator] || locator) : "";
      var text = paragraph ? "\u00b6" + paragraph : heading ? "\u00a7 " + heading : "source";
      var anchor = paragraph ? locator : heading ? "s-" + locator : "";
      var a = A.link(text, root + src.url + (anchor ? "#" + anchor : ""));
      a.className = "atlas-cite";
      a.title = src.title + (paragraph ? ", paragraph " + paragraph : heading ? ", section \u201c" + heading + "\u201d" : "");
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
      index = pathIndex(doc, relationTypes);
      byId = index.byId;
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
  A.pathIndex = pathIndex;
  A.shortestPaths = shortestPaths;
})(Atlas);
