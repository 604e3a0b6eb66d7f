/* The kiosk: the print button, and back to the first step after a ticket or when idle. */
(function () {
  "use strict";
  var kiosk = document.getElementById("kiosk");
  if (!kiosk) return;
  var TICKET_SECONDS = 45;
  var IDLE_SECONDS = 90;
  var timer = null;

  function goHome() {
    var home = kiosk.dataset.home;
    if (window.htmx) {
      window.htmx.ajax("GET", home, { target: "#kiosk-step" });
    } else {
      window.location.href = home;
    }
  }

  function arm() {
    clearTimeout(timer);
    var onTicket = !!document.getElementById("ticket-slip");
    var atHome = !!kiosk.querySelector('a[hx-get*="/kiosk/instansi/"]') && !onTicket;
    if (atHome) return;
    timer = setTimeout(goHome, (onTicket ? TICKET_SECONDS : IDLE_SECONDS) * 1000);
  }

  document.addEventListener("click", function (event) {
    var print = event.target.closest("[data-print]");
    if (print) {
      event.preventDefault();
      window.print();
    }
    arm();
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    arm();
    window.scrollTo(0, 0);
  });
  arm();
})();
