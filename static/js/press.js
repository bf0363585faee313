// press release editor: the preview and the coverage panel follow the text as it is typed.
// Without JavaScript the "Preview" button does the same on the server.
(function () {
  var editor = document.querySelector(".press-editor");
  if (!editor || !window.fetch || !window.FormData) return;
  var form = document.getElementById("press-form");
  var body = form.querySelector("textarea[name=body]");
  var panel = document.getElementById("coverage-panel");
  var preview = document.getElementById("press-preview");
  var live = form.querySelector(".press-live");
  var url = editor.getAttribute("data-preview-url");
  var timer = null;
  var sent = 0;
  editor.classList.add("js");

  function refresh() {
    var ticket = ++sent;
    var data = new FormData(form);
    data.delete("action");
    fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (result) {
        if (ticket !== sent) return; // an older answer arriving late
        panel.innerHTML = result.coverage;
        preview.innerHTML = result.preview;
        if (live) live.textContent = "";
      })
      .catch(function () {
        // the sentence comes from the page, in the reader's language
        if (live) live.textContent = editor.getAttribute("data-unavailable") || "Preview unavailable; use the Preview button.";
      });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }

  // where the writer last was in the text: the panel's buttons take the focus away from it
  var caret = null;
  ["keyup", "click", "select", "input"].forEach(function (name) {
    body.addEventListener(name, function () { caret = body.selectionEnd; });
  });

  form.addEventListener("input", later);
  form.addEventListener("change", later);

  // put a paragraph for a dropped point where the cursor is (at the end of its paragraph)
  function insertParagraph(text) {
    var value = body.value;
    var at = caret != null && caret <= value.length ? caret : value.length;
    var end = value.indexOf("\n\n", at);
    if (end === -1) end = value.length;
    var before = value.slice(0, end).replace(/\s+$/, "");
    var after = value.slice(end).replace(/^\s+/, "");
    var inserted = (before ? "\n\n" : "") + text + (after ? "\n\n" : "");
    body.value = before + inserted + after;
    caret = before.length + inserted.length - (after ? 2 : 0);
    body.focus();
    body.setSelectionRange(caret, caret);
    refresh();
  }

  function replaceText(find, replacement) {
    if (!find) return;
    body.value = body.value.split(find).join(replacement);
    var headline = form.querySelector("[name=headline]");
    if (headline) headline.value = headline.value.split(find).join(replacement);
    refresh();
  }

  panel.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.classList.contains("coverage-insert")) {
      insertParagraph(button.getAttribute("data-insert"));
    } else if (button.classList.contains("coverage-replace")) {
      replaceText(button.getAttribute("data-find"), button.getAttribute("data-replace"));
    }
  });
})();
