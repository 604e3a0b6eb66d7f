// The e-service form: each chosen file is checked at once (type, size) and, when the form is
// sent, shows its own progress. The files go in one request, in the form's order, so the
// bytes sent so far say which file is on its way and how far. Without JavaScript the form
// posts as usual.
(function () {
  "use strict";
  var form = document.getElementById("apply-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var maxBytes = parseInt(form.dataset.maxBytes, 10);
  var types = ["application/pdf", "image/jpeg", "image/png"];
  var boxes = Array.prototype.slice.call(form.querySelectorAll("[data-upload]"));

  function sizeText(bytes) {
    return bytes > 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.ceil(bytes / 1024) + " KB";
  }
  function state(box, text, bad) {
    var line = box.querySelector(".upload__state");
    line.textContent = text;
    line.classList.toggle("field-error", !!bad);
  }
  boxes.forEach(function (box) {
    var input = box.querySelector("input[type=file]");
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file) { state(box, ""); return; }
      if (file.size > maxBytes) { state(box, form.dataset.tooBig, true); return; }
      if (file.type && types.indexOf(file.type) < 0) { state(box, form.dataset.wrongType, true); return; }
      state(box, file.name + " · " + sizeText(file.size));
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var sizes = boxes.map(function (box) {
      var file = box.querySelector("input[type=file]").files[0];
      return file ? file.size : 0;
    });
    var total = sizes.reduce(function (a, b) { return a + b; }, 0) || 1;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var sent = e.loaded * total / e.total, before = 0;  // file bytes, not the form's
      boxes.forEach(function (box, i) {
        var bar = box.querySelector(".upload__progress");
        if (!sizes[i]) return;
        bar.hidden = false;
        bar.value = Math.max(0, Math.min(100, (sent - before) * 100 / sizes[i]));
        before += sizes[i];
      });
    });
    request.addEventListener("load", function () {
      if (request.responseURL && request.responseURL.split("#")[0] !== window.location.href.split("#")[0]) {
        window.location.assign(request.responseURL);
        return;
      }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () {
      button.disabled = false;
      boxes.forEach(function (box) { box.querySelector(".upload__progress").hidden = true; });
      if (boxes[0]) state(boxes[0], form.dataset.failed, true);
    });
    request.send(data);
  });
})();
