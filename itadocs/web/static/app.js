// itadocs web page: drag and drop, a busy button, progress, choices that reload their
// part. The page works without it.
(function () {
  "use strict";

  function mb(bytes) { return Math.floor(bytes / 1048576) + " MB"; }

  function showChosen(label, input) {
    var chosen = label.querySelector(".drop-chosen");
    var error = label.querySelector(".drop-error");
    var max = parseInt(label.getAttribute("data-max") || "0", 10);
    var names = [], tooBig = [];
    for (var i = 0; i < input.files.length; i++) {
      names.push(input.files[i].name);
      if (max && input.files[i].size > max) tooBig.push(input.files[i].name);
    }
    if (chosen) chosen.textContent = names.join(", ");
    if (error) {
      error.textContent = tooBig.length
        ? "ไฟล์ใหญ่เกิน " + mb(max) + " / larger than " + mb(max) + ": " + tooBig.join(", ")
        : "";
    }
    return tooBig.length === 0;
  }

  function setUpDrop(label) {
    var input = label.querySelector("input[type=file]");
    if (!input) return;
    input.addEventListener("change", function () {
      var ok = showChosen(label, input);
      if (ok && label.hasAttribute("data-autosubmit") && input.files.length) submit(input.form);
    });
    ["dragenter", "dragover"].forEach(function (type) {
      label.addEventListener(type, function (e) { e.preventDefault(); label.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      label.addEventListener(type, function () { label.classList.remove("over"); });
    });
    label.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      input.files = e.dataTransfer.files;
      input.dispatchEvent(new Event("change"));
    });
  }

  function busy(form) {
    var button = form.querySelector("button[type=submit]");
    if (!button || !button.getAttribute("data-busy-th")) return;
    button.disabled = true;
    button.textContent = button.getAttribute("data-busy-th") + " / " + button.getAttribute("data-busy-en");
  }

  function submit(form) {
    if (form.requestSubmit) { form.requestSubmit(); } else { busy(form); form.submit(); }
  }

  function valid(form) {
    var ok = true;
    form.querySelectorAll(".drop").forEach(function (label) {
      var input = label.querySelector("input[type=file]");
      if (input && input.files.length && !showChosen(label, input)) ok = false;
    });
    return ok;
  }

  function poll(element) {
    var url = element.getAttribute("data-poll");
    function tick() {
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) {
          // its files are gone (the server restarted, or they expired): the page says why
          if (r.status === 401 || r.status === 403 || r.status === 404) {
            window.location.reload();
            return null;
          }
          return r.ok ? r.json() : null;
        })
        .then(function (s) {
          if (!s) return;
          if (s.finished) { window.location.reload(); return; }
          var bar = element.querySelector("progress");
          if (bar && typeof s.done === "number") { bar.max = s.total; bar.value = s.done; }
          var count = element.querySelector(".count");
          if (count && typeof s.done === "number") count.textContent = s.done;
          var current = element.querySelector(".current");
          if (current && s.current) current.textContent = s.current;
          var phase = element.querySelector(".phase");
          if (phase && s.phase) phase.setAttribute("data-phase", s.phase);
          var pdfs = element.querySelector(".pdf-count");
          if (pdfs && s.phase === "pdf" && s.pdfs) {
            pdfs.hidden = false;
            pdfs.querySelector(".pdfs-done").textContent = s.pdfs_done;
            pdfs.querySelector(".pdfs").textContent = s.pdfs;
            if (bar) { bar.max = s.pdfs; bar.value = s.pdfs_done; }
          }
          window.setTimeout(tick, 1000);
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    window.setTimeout(tick, 800);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".drop").forEach(setUpDrop);
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (!valid(form)) { e.preventDefault(); return; }
        if (form.classList.contains("busy-on-submit")) busy(form);
      });
    });
    document.querySelectorAll("[data-poll]").forEach(poll);
    // a choice that shows its own part of the page (the progress report's round)
    document.querySelectorAll("[data-submit-on-change]").forEach(function (input) {
      input.addEventListener("change", function () { submit(input.form); });
    });
    document.querySelectorAll("[data-hide-with-script]").forEach(function (el) { el.hidden = true; });
  });
})();
