// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // <textarea data-maxlength="2000"> gets a "characters remaining" count under it. The server
  // enforces the limit; this only helps people see it coming. Templates pass translated
  // wording in data-remaining-text and data-over-text, with %s for the number.
  function characterCounter(field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    // enhance() may run again on a fragment that arrived later; count each field once.
    if (!limit || field.hasAttribute("data-counted")) return;
    field.setAttribute("data-counted", "");
    var counter = document.createElement("span");
    counter.className = "char-count";
    counter.id = (field.id || field.name) + "-char-count";
    // Screen readers hear the count once typing pauses, not on every key.
    var announcer = document.createElement("span");
    announcer.className = "visually-hidden";
    announcer.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", announcer);
    field.insertAdjacentElement("afterend", counter);
    var pause;
    var describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);
    var remainingText = field.getAttribute("data-remaining-text") || "%s characters remaining";
    var overText = field.getAttribute("data-over-text") || "%s characters too many";

    function render() {
      var remaining = limit - field.value.length;
      var over = remaining < 0;
      counter.textContent = (over ? overText : remainingText).replace("%s", Math.abs(remaining));
      counter.classList.toggle("char-count--over", over);
    }

    field.addEventListener("input", function () {
      render();
      clearTimeout(pause);
      pause = setTimeout(function () { announcer.textContent = counter.textContent; }, 1000);
    });
    render();
  }

  function enhance(root) {
    root.querySelectorAll("textarea[data-maxlength]").forEach(characterCounter);
  }

  // A printed page shows what folds on screen (a summary's quotes, say), and folds it back.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) { details.open = false; });
    openedForPrint = [];
  });

  // A folded thread (discussion/comment.html) says how many replies it holds: once one is
  // added to its list, say it again, in the wording its data-show-text and data-hide-text carry.
  function countReplies(list) {
    var details = list && list.parentElement;
    if (!details || !details.matches(".comment-replies-toggle")) return;
    var count = String(list.children.length);
    ["show", "hide"].forEach(function (which) {
      var label = details.querySelector(":scope > summary .comment-replies-toggle__" + which);
      var text = details.getAttribute("data-" + which + "-text");
      if (label && text) label.textContent = text.replace(/\d+/, count);
    });
  }

  window.Consult = { enhance: enhance, countReplies: countReplies };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
