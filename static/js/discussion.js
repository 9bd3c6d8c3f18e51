// Progressive enhancement for a consultation's discussion: post, reply, react, edit, report
// and record a position in place. Every form works without this file; here the same forms are
// sent with fetch() and the server answers with the HTML fragment to put in place.
(function () {
  "use strict";

  var section = document.querySelector("[data-discussion]");
  if (!section || !window.fetch || !window.FormData) return;

  var MAX_LEVEL = 3; // replies nest this deep, then list flat (consult/discussion/queries.py)
  var announcer = document.getElementById("discussion-announcer");
  var uniqueCounter = 0;

  function announce(text) {
    if (!announcer || !text) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function fragment(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return holder.content.firstElementChild;
  }

  function countReplies(item) {
    if (window.Consult) window.Consult.countReplies(item.parentElement);
  }

  function enhance(root) {
    if (window.Consult) window.Consult.enhance(root);
  }

  // Forms cloned or re-rendered on the page need ids of their own; labels and
  // aria-describedby follow them.
  function uniquify(root) {
    uniqueCounter += 1;
    var suffix = "-x" + uniqueCounter;
    var renamed = {};
    root.querySelectorAll("[id]").forEach(function (element) {
      renamed[element.id] = element.id + suffix;
      element.id += suffix;
    });
    root.querySelectorAll("[for]").forEach(function (label) {
      var target = label.getAttribute("for");
      if (renamed[target]) label.setAttribute("for", renamed[target]);
    });
    root.querySelectorAll("[aria-describedby]").forEach(function (element) {
      var ids = element.getAttribute("aria-describedby").split(/\s+/).map(function (id) {
        return renamed[id] || id;
      });
      element.setAttribute("aria-describedby", ids.join(" "));
    });
  }

  function send(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (json) {
        return { status: response.status, json: json };
      });
    });
  }

  function busy(form, isBusy) {
    form.querySelectorAll("button").forEach(function (button) { button.disabled = isBusy; });
    form.setAttribute("aria-busy", isBusy ? "true" : "false");
  }

  function replaceForm(form, html) {
    var replacement = fragment(html);
    uniquify(replacement);
    var cancel = replacement.querySelector("[data-reply-cancel]");
    if (cancel && form.closest(".comment")) cancel.hidden = false;
    form.replaceWith(replacement);
    enhance(replacement);
    var focusTarget = replacement.querySelector("[aria-invalid], .form-errors, textarea");
    if (focusTarget) {
      if (!focusTarget.hasAttribute("tabindex") && focusTarget.tagName === "DIV") {
        focusTarget.setAttribute("tabindex", "-1");
      }
      focusTarget.focus();
    }
    return replacement;
  }

  // Open the folded replies (discussion/comment.html) around a node, so it can be seen.
  function unfold(node) {
    for (var folded = node; folded; folded = folded.parentElement) {
      if (folded.tagName === "DETAILS") folded.open = true;
    }
  }

  function insertComment(item, parentId) {
    // The live stream (live.js) may have shown it already, folded: one copy, the fresher
    // one, in sight.
    var shown = item.id && document.getElementById(item.id);
    if (shown) {
      shown.replaceWith(item);
      unfold(item);
      return;
    }
    var list = document.getElementById("comment-list");
    if (!parentId) {
      if (list.getAttribute("data-sort") === "oldest") list.appendChild(item);
      else list.insertBefore(item, list.firstChild);
      var empty = section.querySelector(".comment-list__empty");
      if (empty) empty.remove();
      return;
    }
    var parent = document.getElementById("comment-" + parentId);
    if (!parent) return;
    if (parseInt(parent.getAttribute("data-level"), 10) >= MAX_LEVEL) {
      parent.parentElement.appendChild(item);
      countReplies(item);
      return;
    }
    var replies = parent.querySelector(":scope > .comment-replies, :scope > details > .comment-replies");
    if (!replies) {
      replies = document.createElement("ol");
      replies.className = "comment-replies";
      parent.appendChild(replies);
    }
    replies.appendChild(item);
    countReplies(item);
    unfold(item);
  }

  function submitComment(form) {
    busy(form, true);
    send(form).then(function (result) {
      busy(form, false);
      if (result.json.ok) {
        var item = fragment(result.json.html);
        insertComment(item, result.json.parent);
        enhance(item);
        if (form.closest(".comment")) {
          form.remove();
        } else {
          var textarea = form.querySelector("textarea");
          textarea.value = "";
          textarea.dispatchEvent(new Event("input"));
          form.querySelectorAll(".errorlist, .form-errors").forEach(function (e) { e.remove(); });
        }
        item.setAttribute("tabindex", "-1");
        item.focus();
        announce(result.json.message);
      } else if (result.json.html) {
        replaceForm(form, result.json.html);
      } else {
        announce(result.json.error);
      }
    }).catch(function () { form.submit(); });
  }

  function submitReaction(form, submitter) {
    busy(form, true);
    send(form, submitter).then(function (result) {
      if (!result.json.html) {
        busy(form, false);
        announce(result.json.error);
        return;
      }
      var bar = fragment(result.json.html);
      form.closest(".reactions").replaceWith(bar);
      var chosen = bar.querySelector('[aria-pressed="true"]') || bar.querySelector("button");
      if (chosen) chosen.focus();
      announce(result.json.error || result.json.message);
    }).catch(function () { form.submit(); });
  }

  function submitPosition(form) {
    busy(form, true);
    send(form).then(function (result) {
      if (result.json.ok) {
        var panel = fragment(result.json.html);
        uniquify(panel);
        form.closest("[data-position-panel]").replaceWith(panel);
        enhance(panel);
        var own = panel.querySelector(".position-panel__own");
        if (own) announce(own.textContent);
      } else if (result.json.html) {
        replaceForm(form, result.json.html);
      }
    }).catch(function () { form.submit(); });
  }

  function withdrawPosition(form) {
    busy(form, true);
    send(form).then(function (result) {
      if (!result.json.html) {
        busy(form, false);
        announce(result.json.error);
        return;
      }
      var panel = fragment(result.json.html);
      uniquify(panel);
      form.closest("[data-position-panel]").replaceWith(panel);
      enhance(panel);
      var first = panel.querySelector("input, button");
      if (first) first.focus();
      announce(result.json.error || result.json.message);
    }).catch(function () { form.submit(); });
  }

  // A form opened in place and refused: again, with the errors and what was typed, and its
  // Cancel button; or, when only a message came back, the message.
  function refuse(form, json, cancel) {
    if (json.html) {
      replaceForm(form, json.html).querySelector(cancel).hidden = false;
    } else {
      busy(form, false);
      announce(json.error);
    }
  }

  // Editing in place: the form takes the text's place until it is saved or cancelled.
  function openEditor(link) {
    var card = link.closest(".comment__card");
    var body = card.querySelector(".comment__body");
    var open = card.querySelector("[data-discussion-edit-form]");
    if (open) {
      open.querySelector("textarea").focus();
      return;
    }
    fetch(link.href, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (json) {
        if (!json.html) {
          announce(json.error);
          return;
        }
        var form = fragment(json.html);
        uniquify(form);
        form.querySelector("[data-edit-cancel]").hidden = false;
        body.hidden = true;
        body.after(form);
        enhance(form);
        form.querySelector("textarea").focus();
      })
      .catch(function () { window.location.href = link.href; });
  }

  function closeEditor(form) {
    var card = form.closest(".comment__card");
    form.remove();
    card.querySelector(".comment__body").hidden = false;
    var link = card.querySelector("[data-edit-comment]");
    if (link) link.focus();
  }

  function submitEdit(form) {
    busy(form, true);
    send(form).then(function (result) {
      if (result.json.ok) {
        var card = form.closest(".comment__card");
        card.querySelector(".comment__body").replaceWith(fragment(result.json.html));
        var meta = card.querySelector(".comment__meta");
        if (meta && !meta.querySelector(".comment__edited")) {
          var marker = document.createElement("span");
          marker.className = "comment__edited";
          marker.textContent = "(" + result.json.edited + ")";
          meta.appendChild(marker);
        }
        closeEditor(form);
        announce(result.json.message);
      } else {
        refuse(form, result.json, "[data-edit-cancel]");
      }
    }).catch(function () { form.submit(); });
  }

  // Reporting in place: the report form opens under the comment's actions until it is sent
  // or cancelled (Cancel or Escape), then the comment shows that it was reported.
  function firstChoice(form) {
    return form.querySelector("[type=radio]:checked") || form.querySelector("[type=radio]");
  }

  function openFlag(link) {
    var card = link.closest(".comment__card");
    var open = card.querySelector("[data-flag-form]");
    if (open) {
      firstChoice(open).focus();
      return;
    }
    fetch(link.href, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (json) {
        if (json.reported) {
          markReported(card, json.reported);
          return;
        }
        // Signed out meanwhile, say: the page says why.
        if (!json.html) throw new Error(json.error);
        if (card.querySelector("[data-flag-form]")) return; // a second click's answer
        var form = fragment(json.html);
        uniquify(form);
        form.querySelector("[data-flag-cancel]").hidden = false;
        link.closest(".comment__actions").after(form);
        link.setAttribute("aria-expanded", "true");
        enhance(form);
        firstChoice(form).focus();
      })
      .catch(function () { window.location.href = link.href; });
  }

  function closeFlag(form) {
    var link = form.closest(".comment__card").querySelector("[data-report-comment]");
    form.remove();
    if (link) {
      link.setAttribute("aria-expanded", "false");
      link.focus();
    }
  }

  function markReported(card, html) {
    var link = card.querySelector("[data-report-comment]");
    var form = card.querySelector("[data-flag-form]");
    if (form) form.remove();
    if (!link) return;
    var mark = fragment(html);
    link.replaceWith(mark);
    // The control that had focus is gone: focus stays on what replaced it.
    mark.setAttribute("tabindex", "-1");
    mark.focus();
  }

  function submitFlag(form) {
    busy(form, true);
    send(form).then(function (result) {
      if (result.json.reported) {
        markReported(form.closest(".comment__card"), result.json.reported);
        announce(result.json.message);
      } else {
        refuse(form, result.json, "[data-flag-cancel]");
      }
    }).catch(function () { form.submit(); });
  }

  // A link to a reply opens the folded replies around it.
  function unfoldTarget() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (!target) return;
    unfold(target);
    target.scrollIntoView();
  }
  unfoldTarget();
  window.addEventListener("hashchange", unfoldTarget);

  section.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("[data-confirm]")) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      return;
    }
    var handler = null;
    if (form.matches("[data-discussion-comment-form]")) handler = submitComment;
    else if (form.matches("[data-discussion-reaction]")) handler = submitReaction;
    else if (form.matches("[data-discussion-position-form]")) handler = submitPosition;
    else if (form.matches("[data-discussion-position-withdraw]")) handler = withdrawPosition;
    else if (form.matches("[data-discussion-edit-form]")) handler = submitEdit;
    else if (form.matches("[data-flag-form]")) handler = submitFlag;
    if (!handler) return;
    event.preventDefault();
    handler(form, event.submitter);
  });

  section.addEventListener("click", function (event) {
    var edit = event.target.closest("[data-edit-comment]");
    if (edit) {
      event.preventDefault();
      openEditor(edit);
      return;
    }
    var report = event.target.closest("[data-report-comment]");
    if (report) {
      event.preventDefault();
      openFlag(report);
      return;
    }
    var flagCancel = event.target.closest("[data-flag-cancel]");
    if (flagCancel) {
      closeFlag(flagCancel.closest("form"));
      return;
    }
    var editCancel = event.target.closest("[data-edit-cancel]");
    if (editCancel) {
      closeEditor(editCancel.closest("form"));
      return;
    }
    var cancel = event.target.closest("[data-reply-cancel]");
    if (cancel) {
      var openForm = cancel.closest("form");
      var item = openForm.closest(".comment");
      openForm.remove();
      var link = item && item.querySelector("[data-reply-to]");
      if (link) link.focus();
      return;
    }
    var reply = event.target.closest("[data-reply-to]");
    var template = document.getElementById("reply-form-template");
    if (!reply || !template) return;
    event.preventDefault();
    var card = reply.closest(".comment__card");
    var existing = card.querySelector(".comment-form");
    if (existing) {
      existing.querySelector("textarea").focus();
      return;
    }
    var form = template.content.firstElementChild.cloneNode(true);
    form.querySelector('[name="parent"]').value = reply.getAttribute("data-reply-to");
    form.querySelector("[data-reply-cancel]").hidden = false;
    uniquify(form);
    card.appendChild(form);
    enhance(form);
    form.querySelector("textarea").focus();
  });

  section.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var form = event.target.closest && event.target.closest("[data-flag-form]");
    if (!form) return;
    event.preventDefault();
    closeFlag(form);
  });
})();
