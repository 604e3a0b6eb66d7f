/* The counter console: keyboard shortcuts, the service timer, and live refreshes of the panel
   when the site's event stream reports a change (htmx also polls every 15 s). */
(function () {
  "use strict";
  var root = document.getElementById("console");
  if (!root) return;
  var panel = document.getElementById("console-panel");

  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" ||
                  el.tagName === "SELECT" || el.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = (event.key || "").toLowerCase();
    var button = panel.querySelector('[data-key="' + key + '"]');
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
      return;
    }
    var field = panel.querySelector('[data-key-focus="' + key + '"]');
    if (field) {
      event.preventDefault();
      field.focus();
    }
  });

  // The timer of the current citizen (since called, or since the service started).
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  setInterval(function () {
    panel.querySelectorAll("time[data-timer-since]").forEach(function (el) {
      var since = Date.parse(el.dataset.timerSince);
      if (isNaN(since)) return;
      var s = Math.max(0, Math.floor((Date.now() - since) / 1000));
      var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
      el.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s % 60);
    });
  }, 1000);

  // Do not replace the panel while the officer types a transfer target.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt === panel && typing(document.activeElement) && panel.contains(document.activeElement)) {
      event.preventDefault();
    }
  });

  var timer = null;
  function refreshSoon() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (window.htmx) window.htmx.trigger(document.body, "console-refresh");
    }, 300);
  }
  if (root.dataset.eventsUrl && window.EventSource) {
    var source = new EventSource(root.dataset.eventsUrl);
    ["ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.finished",
     "ticket.no_show", "ticket.cancelled", "ticket.transferred", "counter.opened",
     "counter.closed"].forEach(function (name) {
      source.addEventListener(name, refreshSoon);
    });
    source.onopen = refreshSoon;  // after a reconnect, catch up
  }
})();
