/* Container Atlas, time: partial dates, what holds at a date, and the date control under a graph.
 *
 * A partial date (2016, 2016-10, 2016-10-12) names an interval: a thing starts on the first day of
 * its start and ends on the last day of its end (as graph/dates.py says). The control picks a month;
 * the graph shows what holds on that month's first day. "Today" is the reader's. */
(function (A) {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  // A partial date (YYYY, YYYY-MM, YYYY-MM-DD) as one number, YYYYMMDD with 00 for what it leaves out, or
  // -1 for anything else: read by its characters, with no match and no array (a graph's first frame reads
  // every node's and every edge's dates).
  function packed(value) {
    var text = String(value || ""), length = text.length, out = 0;
    if (length !== 4 && length !== 7 && length !== 10) return -1;
    for (var i = 0; i < length; i++) {
      var c = text.charCodeAt(i);
      if (i === 4 || i === 7) {
        if (c !== 45) return -1; // "-"
        continue;
      }
      if (c < 48 || c > 57) return -1;
      out = out * 10 + (c - 48);
    }
    return length === 4 ? out * 10000 : length === 7 ? out * 100 : out;
  }

  function parts(value) {
    var p = packed(value);
    return p < 0 ? null : [Math.floor(p / 10000), Math.floor(p / 100) % 100, p % 100];
  }

  var DAYS = Object.create(null); // year * 100 + month -> its days
  function daysIn(year, month) {
    var key = year * 100 + month;
    return DAYS[key] || (DAYS[key] = new Date(Date.UTC(year, month, 0)).getUTCDate());
  }

  // A day as a sortable number, YYYYMMDD: a partial date's first day, or its last (`last`), or null.
  function dayNumber(value, last) {
    var p = packed(value);
    if (p < 0) return null;
    var year = Math.floor(p / 10000), month = Math.floor(p / 100) % 100, day = p % 100;
    if (!last) return year * 10000 + (month || 1) * 100 + (day || 1);
    month = month || 12;
    return year * 10000 + month * 100 + (day || daysIn(year, month));
  }

  function firstDay(value) {
    return dayNumber(value, false);
  }

  function lastDay(value) {
    return dayNumber(value, true);
  }

  // Months are counted from year 0: the slider's values.
  function monthOf(value) {
    var first = dayNumber(value, false); // YYYY MM DD, its month at least 1
    return first === null ? null : Math.floor(first / 10000) * 12 + Math.floor(first / 100) % 100 - 1;
  }

  function monthText(index) {
    var year = Math.floor(index / 12), month = index % 12 + 1;
    return year + "-" + (month < 10 ? "0" : "") + month;
  }

  function thisMonth() {
    var now = new Date();
    return now.getFullYear() * 12 + now.getMonth();
  }

  function human(value) {
    var p = parts(value);
    if (!p) return value || "";
    if (!p[1]) return String(p[0]);
    return (p[2] ? p[2] + " " : "") + MONTHS[p[1] - 1] + " " + p[0];
  }

  // Whether something from `start` to `end` (either may be missing: open) holds on `day` (a number).
  function holds(day, start, end) {
    if (day === null || day === undefined) return true;
    var begin = firstDay(start), finish = lastDay(end);
    return (begin === null || begin <= day) && (finish === null || day <= finish);
  }

  // A node's life as day numbers, read once: the filters ask for it at every change of the date.
  function life(n) {
    if (n.__life === undefined) n.__life = [firstDay(n.start), lastDay(n.end)];
    return n.__life;
  }

  function nodeHolds(day, n) {
    if (day === null || day === undefined) return true;
    var l = life(n);
    return (l[0] === null || l[0] <= day) && (l[1] === null || day <= l[1]);
  }

  // An edge holds when any of its relations does; an undated one always. Each edge's spans as day numbers,
  // read once, kept beside the data (a first frame reads 20,000 edges' at 10,000 nodes).
  var SPAN_DAYS = new WeakMap();
  function spansHold(day, spans) {
    if (!spans || day === null || day === undefined) return true;
    var days = SPAN_DAYS.get(spans);
    if (days === undefined) {
      days = [];
      for (var i = 0; i < spans.length; i++) days.push(firstDay(spans[i][0]), lastDay(spans[i][1]));
      SPAN_DAYS.set(spans, days);
    }
    for (var j = 0; j < days.length; j += 2) {
      if ((days[j] === null || days[j] <= day) && (days[j + 1] === null || day <= days[j + 1])) return true;
    }
    return false;
  }

  // An edge is in force on `day` when both its ends are and any of its relations is: the one rule
  // (graph/dates.py says it for Python; tests/browser/test_time.py checks the two agree on a table).
  function edgeHolds(day, e, byId) {
    return nodeHolds(day, byId[e.from]) && nodeHolds(day, byId[e.to]) && spansHold(day, e.spans);
  }

  function capital(text) {
    return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  }

  // A node's status on a day, for the side panel: "Retired January 2020", "Released October 2016".
  function status(n, day) {
    if (n.undated && !n.end) return "Its dates are not recorded: shown at every date" +
      (day < today() ? ", drawn hollow." : ".");
    if (!n.start && !n.end) return "No dates recorded: shown at every date.";
    if (n.start && day < firstDay(n.start)) return "Not yet: " + (n.startBy || "starts") + " " + human(n.start) + ".";
    if (n.end && day > lastDay(n.end)) return capital(n.endBy || "ended") + " " + human(n.end) + ".";
    var text = n.start ? capital(n.startBy || "since") + " " + human(n.start) : "In force";
    if (n.end) text += "; " + (n.endBy || "until") + " " + human(n.end);
    return text + ".";
  }

  // The first month any node or edge of `data` is dated.
  function earliest(data) {
    var first = null;
    function see(value) {
      var m = value ? monthOf(value) : null;
      if (m !== null && (first === null || m < first)) first = m;
    }
    data.nodes.forEach(function (n) { see(n.start); see(n.end); });
    data.edges.forEach(function (e) {
      for (var i = 0; e.spans && i < e.spans.length; i++) { see(e.spans[i][0]); see(e.spans[i][1]); }
    });
    return first;
  }

  // The control's parts, made in its placeholder (render.context.time_control) once.
  function controlParts(root) {
    if (root.querySelector("[data-time='slider']")) return;
    var play = A.button("md-button atlas-time-play", "Play", { "data-time": "play", "aria-pressed": "false" });
    var label = A.el("label", "atlas-time-slider", root.getAttribute("data-atlas-time") + " ");
    var slider = A.el("input");
    slider.type = "range";
    slider.setAttribute("data-time", "slider");
    slider.min = slider.max = slider.value = "0";
    slider.step = "1";
    label.appendChild(slider);
    var value = A.el("output", "atlas-time-value");
    value.setAttribute("data-time", "value");
    var today = A.button("md-button", "Today", { "data-time": "today" });
    var ticks = A.el("div", "atlas-time-ticks");
    ticks.setAttribute("data-time", "ticks");
    ticks.setAttribute("aria-hidden", "true");
    root.replaceChildren(play, label, value, today, ticks);
  }

  // The control under a graph (its parts: `controlParts`):
  // `onChange(month)` is called with the month chosen, by the reader or by the address.
  function Control(root, first, onChange, graph) {
    controlParts(root);
    var slider = root.querySelector("[data-time='slider']");
    var value = root.querySelector("[data-time='value']");
    var play = root.querySelector("[data-time='play']");
    var today = root.querySelector("[data-time='today']");
    var ticks = root.querySelector("[data-time='ticks']");
    var last = thisMonth();
    var timer = null;
    slider.min = String(first);
    slider.max = String(last);
    root.querySelectorAll("input, button").forEach(function (b) { b.disabled = false; });
    root.hidden = false;

    var years = [];
    for (var y = Math.ceil(first / 12); y * 12 <= last; y++) years.push(y);
    var step = Math.max(1, Math.ceil(years.length / 10));
    ticks.replaceChildren.apply(ticks, years.filter(function (y, i) { return i % step === 0; }).map(function (y) {
      var t = A.el("span", "atlas-time-tick", String(y));
      t.style.left = (100 * (y * 12 - first) / Math.max(1, last - first)) + "%";
      return t;
    }));

    function show(month) {
      var text = label(month);
      slider.value = String(month);
      slider.setAttribute("aria-valuetext", text);
      value.textContent = text;
    }

    function set(month, fromReader) {
      month = Math.max(first, Math.min(last, month));
      show(month);
      onChange(month, fromReader);
    }
    this.set = set;
    this.value = function () { return Number(slider.value); };

    function stop() {
      if (timer) window.clearTimeout(timer);
      timer = null;
      play.setAttribute("aria-pressed", "false");
      play.textContent = "Play";
    }
    this.stop = stop;
    this.playing = function () { return timer !== null; };

    graph.on(slider, "input", function () { stop(); set(Number(slider.value), true); });
    graph.on(slider, "keydown", function (ev) {
      if (ev.key !== "PageUp" && ev.key !== "PageDown") return; // arrows: a month, natively
      ev.preventDefault();
      stop();
      set(Number(slider.value) + (ev.key === "PageUp" ? 12 : -12), true);
    });
    graph.on(today, "click", function () { stop(); set(last, true); });
    // Play: with a story (story.js), from one month with dated facts to the next, staying as long as
    // their captions take to read, and on at once through the years without any; without one, a year
    // each 0.9 s. The story is asked for on the first Play; Play starts once it is here (or failed).
    graph.on(play, "click", function () {
      if (timer) { stop(); return; }
      var story = graph.story;
      play.setAttribute("aria-pressed", "true");
      play.textContent = "Pause";
      timer = -1; // asked for: a click meanwhile pauses
      var begin = function () {
        if (timer !== -1 || graph.destroyed) return;
        var month = Number(slider.value) >= last ? first : Number(slider.value);
        set(month, true);
        step(month);
      };
      var step = function (month) {
        var ready = story && story.ready();
        timer = window.setTimeout(function () {
          var next = ready ? story.next(month) : month + 12;
          if (next >= last) { set(last, true); stop(); return; }
          set(next, true);
          step(next);
        }, ready ? story.dwell(month) : 900);
      };
      if (story) story.load().then(begin, begin); else begin();
    });
    show(last);
  }

  // What a graph needs to follow a date: the control, its filters and the address (at=YYYY-MM).
  // `changed(month)` runs on each change, before the graph redraws; the graph's `state.day` is the day
  // shown (null until the control starts).
  // Before its network is made: a graph of the global or local kind with dates takes the date the
  // address asks for (today if none), so the first frame already shows that date, with no redraw.
  function prepare(graph) {
    if (graph.kind !== "global" && graph.kind !== "local") return;
    var first = earliest(graph.data);
    if (first === null || !graph.figure.querySelector("[data-atlas-time]")) return;
    var state = graph.state;
    var asked = monthOf(A.params().get("at"));
    var month = asked === null ? thisMonth() : Math.max(first, Math.min(thisMonth(), asked));
    state.month = month >= thisMonth() ? null : monthText(month);
    state.day = state.month ? dayOf(month) : today();
    graph.filters.push(function (n) { return n.id === graph.data.centre || nodeHolds(state.day, n); });
    graph.edgeFilters.push(function (e) { return spansHold(state.day, e.spans); });
    graph.timeFirst = first;
    graph.timeMonth = month;
    // The control takes its place from the first frame (the canvas is sized beside it), answering once
    // the network is made.
    var root = graph.figure.querySelector("[data-atlas-time]");
    controlParts(root);
    var slider = root.querySelector("[data-time='slider']");
    slider.min = String(first);
    slider.max = String(thisMonth());
    slider.value = String(month);
    root.querySelectorAll("input, button").forEach(function (b) { b.disabled = true; });
    root.querySelector("[data-time='value']").textContent = label(month);
    root.hidden = false;
  }

  function label(month) {
    return month >= thisMonth() ? "Today (" + human(monthText(thisMonth())) + ")" : human(monthText(month));
  }

  // What a graph needs to follow a date: the control, its filters and the address (at=YYYY-MM).
  // `changed(month)` runs on each change, before the graph redraws; the graph's `state.day` is the day
  // shown (see `prepare`).
  function follow(graph, changed) {
    var root = graph.figure.querySelector("[data-atlas-time]");
    if (!root || graph.timeFirst === undefined) return null;
    var state = graph.state;
    var control = new Control(root, graph.timeFirst, function (month, fromReader) {
      var isToday = month >= thisMonth(), from = state.month ? monthOf(state.month) : thisMonth();
      var day = isToday ? today() : dayOf(month);
      var moved = day !== state.day, wasPast = Boolean(state.month);
      state.day = day;
      state.month = isToday ? null : monthText(month);
      if (wasPast !== Boolean(state.month) && graph.restyleUndated) graph.restyleUndated();
      if (changed) changed(month);
      if (moved) graph.fade(); // the first frame already shows the date the address asked for
      if (fromReader) A.writeParams({ at: state.month });
      if (fromReader && graph.story) graph.story.moved(from, month, control.playing());
    }, graph);
    control.set(graph.timeMonth, false);
    graph.time = control;
    graph.setDate = function (month) { control.set(month, true); };
    return control;
  }

  function today() {
    var now = new Date();
    return now.getFullYear() * 10000 + (now.getMonth() + 1) * 100 + now.getDate();
  }

  function dayOf(month) {
    return Math.floor(month / 12) * 10000 + (month % 12 + 1) * 100 + 1;
  }

  A.time = { parts: parts, firstDay: firstDay, lastDay: lastDay, monthOf: monthOf, monthText: monthText,
             thisMonth: thisMonth, today: today, dayOf: dayOf, human: human, holds: holds, nodeHolds: nodeHolds,
             spansHold: spansHold, edgeHolds: edgeHolds,
             status: status, earliest: earliest, prepare: prepare, follow: follow };
})(Atlas);
