/* Container Atlas, full window: the global or a local graph with its controls over the whole window,
 * by the figure's button or the F key (in the figure: elsewhere F is the theme's search); Esc (or the
 * button again) leaves it. The address keeps it
 * (full=1). While it lasts, Tab stays inside the figure; on leaving, the focus goes back where it was.
 * Set before the first frame, so an address with full=1 opens on the whole window at once. */
(function (A) {
  "use strict";

  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select, textarea, summary, " +
    "[tabindex]:not([tabindex='-1'])";

  // The button, at the end of the figure's toolbar.
  function makeButton(figure) {
    var bar = figure.querySelector(".atlas-toolbar");
    if (!bar) return null;
    var button = A.button("md-button", "Full", { "data-action": "full", "aria-pressed": "false",
                                                 "aria-keyshortcuts": "F", title: "Full window (F); Esc leaves it" });
    button.appendChild(A.el("span", "atlas-wide", " window"));
    bar.appendChild(button);
    return button;
  }

  A.full = function (graph) {
    var figure = graph.figure, button = figure.querySelector("[data-action='full']") || makeButton(figure);
    if (!button) return;
    var back = null; // where the focus was before

    function set(on, remember) {
      if (on === figure.classList.contains("atlas-full")) return;
      figure.classList.toggle("atlas-full", on);
      document.documentElement.classList.toggle("atlas-full-page", on);
      button.setAttribute("aria-pressed", String(on));
      if (on) {
        back = document.activeElement;
        figure.setAttribute("role", "dialog");
        figure.setAttribute("aria-modal", "true");
        figure.setAttribute("aria-label", graph.container.getAttribute("aria-label") + ", full window");
        graph.container.focus({ preventScroll: true });
      } else {
        figure.removeAttribute("role");
        figure.removeAttribute("aria-modal");
        figure.removeAttribute("aria-label");
        (back && back.isConnected && back !== document.body ? back : button).focus({ preventScroll: true });
        back = null;
      }
      if (!graph.network) graph.redraw(); // the first frame, at the new size (the network follows by itself)
      if (remember) A.writeParams({ full: on ? "1" : null });
    }
    graph.setFull = set;

    graph.on(button, "click", function () { set(!figure.classList.contains("atlas-full"), true); });
    graph.on(document, "keydown", function (ev) {
      var full = figure.classList.contains("atlas-full");
      if (ev.key === "Escape" && full) {
        ev.preventDefault();
        set(false, true);
        return;
      }
      if (full && ev.key === "Tab") { trap(ev); return; }
      var target = ev.target, typing = target && (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if ((ev.key === "f" || ev.key === "F") && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey &&
          (full || figure.contains(target))) {
        ev.preventDefault();
        ev.stopPropagation(); // the theme's own F (its search) is for the rest of the page
        set(!full, true);
      }
    });

    // Tab and Shift+Tab go round the figure's controls.
    function trap(ev) {
      var items = Array.prototype.filter.call(figure.querySelectorAll(FOCUSABLE), function (el) {
        return el.offsetParent !== null || el === document.activeElement;
      });
      if (!items.length) return;
      var first = items[0], last = items[items.length - 1], at = document.activeElement;
      if (!figure.contains(at)) { ev.preventDefault(); first.focus(); }
      else if (ev.shiftKey && at === first) { ev.preventDefault(); last.focus(); }
      else if (!ev.shiftKey && at === last) { ev.preventDefault(); first.focus(); }
    }

    if (A.params().get("full") === "1") set(true, false);
  };
})(Atlas);
