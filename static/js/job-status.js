// the page of a background job: ask for its status every second, show the step reached, and
// open the result (or show it) when it is ready (without JavaScript the page reloads itself instead)
(function () {
  var box = document.querySelector("[data-job-status]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-job-status");
  var steps = { queued: 0, started: 1, rendering: 1, reading: 1, storing: 2, importing: 2, finished: 3 };
  var deadline = Date.now() + 10 * 60 * 1000;

  function show(job) {
    var text = box.querySelector("[data-job-text]");
    var position = box.querySelector("[data-job-position]");
    var bar = box.querySelector("[data-job-progress]");
    if (text) { text.textContent = job.text; }
    if (position && !job.position) { position.textContent = ""; }
    if (bar && job.step in steps) { bar.value = steps[job.step]; }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        show(job);
        if (job.done && job.next) { window.location.replace(job.next); return; }
        // done without an address to go to (an import: the page shows its result), or failed
        if (job.done || job.failed) { window.location.reload(); return; }
        if (Date.now() < deadline) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { if (Date.now() < deadline) { window.setTimeout(poll, 3000); } });
  }
  window.setTimeout(poll, 500);
})();
