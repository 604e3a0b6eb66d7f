// The kiosk's on-screen keys for a tracking code: the code's own alphabet only (no 0/O, 1/I),
// a dash after four characters as on the receipt; a scanner typing into the field works too.
(function () {
  "use strict";
  var field = document.getElementById("kode");
  if (!field) return;
  function tidy(text) {
    var clean = text.toUpperCase().replace(/[^23456789A-HJKMNP-Z]/g, "").slice(0, 8);
    return clean.length > 4 ? clean.slice(0, 4) + "-" + clean.slice(4) : clean;
  }
  document.addEventListener("click", function (event) {
    var key = event.target.closest("[data-key]");
    if (!key) return;
    var raw = field.value.replace(/-/g, "");
    raw = key.dataset.key === "back" ? raw.slice(0, -1) : raw + key.dataset.key;
    field.value = tidy(raw);
    field.focus();
  });
  field.addEventListener("input", function () {
    if (/^https?:/i.test(field.value)) return;  // a scanned link: left as it is
    field.value = tidy(field.value);
  });
})();
