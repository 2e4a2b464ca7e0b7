/* Container Atlas, Play's story: while Play runs, or when the reader moves the date, the dated facts of
 * the months passed appear as captions over the global graph, in plain words with their citations, and
 * the entities they name are lit. Pause keeps the last captions; × or Today clears them.
 *
 * The facts are the graph's (graph/render/story.py writes them, words and all); the file is asked for
 * the first time the date moves, so it costs the first frame nothing. Text reaches the page as text. */
(function (A) {
  "use strict";

  var SHOWN = 5; // captions at once (the first, lives before relations); more in the months passed are counted
  var READ = 1600; // ms a month with one fact stays while Play runs; each further fact adds EACH
  var EACH = 700;
  var MOST = 4200;
  var EMPTY = 250; // ms a month without facts stays (Play then goes on to the next month that has some)
  var AHEAD = 12; // months: Play never jumps further at once, so the years still pass on the slider

  A.story = function (graph) {
    var box = graph.figure.querySelector("[data-atlas-story]");
    var src = box && box.getAttribute("data-atlas-story");
    if (!src) return null;
    var byMonth = null, months = [], places = [], asked = null;
    var story = { pace: 1 }; // tests speed Play up by lowering the pace

    function index(data) {
      byMonth = {};
      places = data.places || [];
      (data.facts || []).forEach(function (f) {
        var m = A.time.monthOf(f.date);
        if (m === null) return;
        (byMonth[m] = byMonth[m] || []).push(f);
      });
      months = Object.keys(byMonth).map(Number).sort(function (a, b) { return a - b; });
    }

    story.load = function () {
      if (!asked) {
        asked = fetch(src).then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + src);
          return response.json();
        }).then(index);
      }
      return asked;
    };
    story.ready = function () { return byMonth !== null; };

    // The month Play shows after `month`: the next with facts, at most AHEAD months on.
    story.next = function (month) {
      for (var i = 0; i < months.length; i++) {
        if (months[i] > month) return Math.min(months[i], month + AHEAD);
      }
      return month + AHEAD;
    };

    // How long Play stays on `month`.
    story.dwell = function (month) {
      var count = (byMonth[month] || []).length;
      return story.pace * (count ? Math.min(MOST, READ + EACH * (count - 1)) : EMPTY);
    };

    // The facts from just after month `from` to month `to` (going back: those of `to` alone).
    function between(from, to) {
      var out = [];
      months.forEach(function (m) {
        if (from < to ? m > from && m <= to : m === to) out = out.concat(byMonth[m]);
      });
      return out;
    }

    // The date moved from month `from` to month `to`: the captions of the months passed.
    story.moved = function (from, to, playing) {
      if (to >= A.time.thisMonth() && !playing) { clear(); return; } // back to today: nothing to tell
      story.load().then(function () {
        if (graph.destroyed || !graph.time || graph.time.value() !== Math.min(to, A.time.thisMonth())) return;
        show(between(from, to), from < to ? from + 1 : to);
      }, function () { /* no story: the graph moves without captions */ });
    };

    function cite(i) {
      var place = places[i];
      if (!place) return null;
      var a = place[2] ? A.link(place[0], place[2]) : A.el("span", "atlas-missing", place[0]);
      a.classList.add("atlas-cite");
      a.title = place[1];
      return a;
    }

    function caption(f) {
      var li = A.el("li", "atlas-caption");
      li.appendChild(A.el("span", "atlas-caption__date", A.time.human(f.date)));
      li.appendChild(document.createTextNode(" "));
      var n = graph.byId[f.nodes[0]];
      var what = n && n.url ? A.link(f.text, n.url) : A.el("span", "", f.text);
      what.className = "atlas-caption__text";
      li.appendChild(what);
      f.cites.forEach(function (i) {
        var c = cite(i);
        if (c) { li.appendChild(document.createTextNode(" ")); li.appendChild(c); }
      });
      return li;
    }

    function show(facts, since) {
      if (!facts.length) {
        if (!graph.time.playing()) clear(); // a step to a month without facts: nothing to tell
        return; // while Play runs, the last captions stay until the next facts
      }
      var list = A.el("ol", "atlas-captions__list");
      facts.slice(0, SHOWN).forEach(function (f) { list.appendChild(caption(f)); });
      var children = [closer(), list];
      if (facts.length > SHOWN) {
        children.push(A.el("p", "atlas-captions__more", "And " + (facts.length - SHOWN) + " more since " +
                           A.time.human(A.time.monthText(since)) + ": the Timeline page lists every dated fact."));
      }
      box.replaceChildren.apply(box, children);
      box.hidden = false;
      var lit = {};
      facts.slice(0, SHOWN).forEach(function (f) { f.nodes.forEach(function (id) { lit[id] = true; }); });
      if (graph.light) graph.light(lit);
    }

    function closer() {
      var close = A.button("atlas-captions__close", "\u00d7", { "aria-label": "Close the captions" });
      close.addEventListener("click", clear);
      return close;
    }

    function clear() {
      box.hidden = true;
      box.replaceChildren();
      if (graph.light) graph.light({});
    }
    story.clear = clear;
    return story;
  };
})(Atlas);
