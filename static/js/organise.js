// the organiser's pages: suggestions for person and organisation fields, and keyboard-only point capture.
// everything here is an enhancement: without it the forms still work (the server looks names up).
(function () {
  "use strict";

  // -- suggestions: an ARIA combobox over a small JSON lookup (/people/search?q=…) ----------------
  function setUpLookup(box, n) {
    var input = document.getElementById(box.getAttribute("data-input"));
    var hidden = document.getElementById(box.getAttribute("data-hidden"));
    var url = box.getAttribute("data-lookup-url");
    // the word comes from the page, in the reader's language
    var organisationWord = box.getAttribute("data-organisation") || "organisation";
    if (!input || !hidden || !url) return;
    var list = document.createElement("ul");
    list.id = "lookup-list-" + n;
    list.className = "lookup-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var items = [], active = -1, timer = null, asked = "";

    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(i) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && options[i]) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function pick(i) {
      var item = items[i];
      if (!item) return;
      input.value = item.label;
      hidden.value = item.value;
      close();
    }
    function show(results) {
      items = results;
      list.innerHTML = "";
      results.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.textContent = item.label;
        li.appendChild(name);
        if (item.detail || item.kind) {
          var detail = document.createElement("span");
          detail.className = "muted";
          detail.textContent = " " + [item.kind === "organisation" ? organisationWord : "", item.detail].filter(Boolean).join(" · ");
          li.appendChild(detail);
        }
        // mousedown, not click: it comes before the input loses focus
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(i); });
        list.appendChild(li);
      });
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }
    function ask() {
      var q = input.value.trim();
      if (q === asked) return;
      asked = q;
      if (q.length < 1) { show([]); return; }
      fetch(url + "?q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (results) { if (asked === q) show(results); })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () {
      hidden.value = "";  // typed by hand: the server looks the name up again
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) {
        if (e.key === "ArrowDown" && items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); highlight(0); e.preventDefault(); }
        return;
      }
      if (e.key === "ArrowDown") { highlight(Math.min(active + 1, items.length - 1)); e.preventDefault(); }
      else if (e.key === "ArrowUp") { highlight(Math.max(active - 1, 0)); e.preventDefault(); }
      else if (e.key === "Enter" && active >= 0) { pick(active); e.preventDefault(); }
      else if (e.key === "Escape") { close(); e.preventDefault(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll(".lookup[data-lookup-url]").forEach(setUpLookup);

  // back from a save, the field marked autofocus gets the cursor even if the browser skipped it
  var wanted = document.querySelector("[autofocus]");
  if (wanted && (document.activeElement === document.body || !document.activeElement)) {
    wanted.focus();
  }

  // -- the point page: an action's owner, due date and status only show for actions ---------------
  // (and on the capture form, an announcement's key dates only for announcements)
  var kind = document.querySelector("form #kind");
  var forKind = document.querySelectorAll("fieldset[data-for-kind]");
  if (kind && forKind.length) {
    var toggle = function () {
      forKind.forEach(function (set) { set.hidden = kind.value !== set.getAttribute("data-for-kind"); });
    };
    kind.addEventListener("change", toggle);
    toggle();
  }

  // -- point capture: Enter in the title moves on, Ctrl+Enter in the text saves ---------------------
  document.querySelectorAll("form[data-capture]").forEach(function (form) {
    var title = form.querySelector("[name=title]");
    var body = form.querySelector("[name=body]");
    if (title && body) {
      title.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) { e.preventDefault(); body.focus(); }
      });
    }
    if (body) {
      // anywhere in the form: the text, the owner, the due date, a key date
      form.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        }
      });
    }
  });

  // -- key dates: "Add another date" adds a row in place; without JavaScript it asks the server ------
  // (the button submits name=add_date, and the page comes back with one more empty row, nothing saved)
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    var set = button.closest("fieldset");
    button.addEventListener("click", function (e) {
      var rows = set.querySelectorAll(".key-date-row");
      var last = rows[rows.length - 1];
      if (!last) { return; }
      e.preventDefault();
      var next = rows.length;
      var row = last.cloneNode(true);
      // dates-2-label → dates-3-label, in every id, name, for and aria-describedby of the row
      var rename = function (value) { return value.replace(/dates-\d+-/g, "dates-" + next + "-"); };
      row.querySelectorAll("[id],[name],[for],[aria-describedby]").forEach(function (el) {
        ["id", "name", "for", "aria-describedby"].forEach(function (attr) {
          if (el.hasAttribute(attr)) { el.setAttribute(attr, rename(el.getAttribute(attr))); }
        });
        if (el.tagName === "INPUT" && el.type !== "checkbox") { el.value = ""; }
        if (el.tagName === "INPUT" && el.type === "checkbox") { el.checked = false; }
        if (el.tagName === "SELECT") { el.selectedIndex = 0; }
        el.removeAttribute("aria-invalid");
        el.removeAttribute("autofocus");
      });
      row.querySelectorAll(".error, .field-error").forEach(function (el) { el.remove(); });
      last.parentNode.insertBefore(row, last.nextSibling);
      var first = row.querySelector("input");
      if (first) { first.focus(); }
    });
  });
})();
