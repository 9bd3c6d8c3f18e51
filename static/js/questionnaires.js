// Questionnaire drafts save themselves as the person types: a debounced POST of the whole
// form to the same view, asking for JSON, with the result in the form's aria-live status line.
// Without this file the "Save draft" and "Submit" buttons do the same by a normal POST.
(function () {
  "use strict";

  var PAUSE_MS = 1500;

  function autosave(form) {
    if (!form.hasAttribute("data-autosave") || !window.fetch || !window.URLSearchParams) return;
    var status = form.querySelector("[data-questionnaire-status]");
    var timer;
    var busy = false;
    var again = false;
    var lastSaved = snapshot();

    function snapshot() {
      var body = new URLSearchParams(new FormData(form));
      body.set("action", "draft");
      return body.toString();
    }

    function say(text) {
      if (status && text) status.textContent = text;
    }

    function save() {
      var body = snapshot();
      if (body === lastSaved) return;
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      say(form.getAttribute("data-saving-text"));
      // Not form.action: the buttons named "action" shadow that property.
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"
        }
      })
        .then(function (response) {
          return response.json().then(function (data) {
            if (response.ok) lastSaved = body;
            say(data.message);
          });
        })
        .catch(function () {
          say(form.getAttribute("data-failed-text"));
        })
        .then(function () {
          busy = false;
          if (again) {
            again = false;
            schedule();
          }
        });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(save, PAUSE_MS);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    // The buttons post the form themselves; a late autosave must not race them.
    form.addEventListener("submit", function () {
      clearTimeout(timer);
      form.removeEventListener("input", schedule);
      form.removeEventListener("change", schedule);
    });
  }

  function start() {
    document.querySelectorAll("form.questionnaire").forEach(autosave);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
