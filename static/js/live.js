// Live updates over a WebSocket, for pages that name their stream in a data-live-socket
// attribute. The page is complete without this file: it only brings in what changed since
// it was rendered.
//
// Consultation streams number their events. The script applies them in order, ignores
// repeats, asks for what it missed since the page was rendered (data-live-seq), after a gap
// or a reconnect ({"resync": last}), and when the server no longer has it, fetches the page
// again and swaps the discussion in place.
(function () {
  "use strict";

  var root = document.querySelector("[data-live-socket]");
  if (!root || !window.WebSocket || !window.fetch || !window.DOMParser) return;

  var path = root.getAttribute("data-live-socket");
  var isModeration = path.indexOf("/ws/moderation/") === 0;
  var MAX_LEVEL = 3; // replies nest this deep (consult/discussion/queries.py)
  // consult/discussion/cache.py: fragments carry this in place of the reader's token.
  var CSRF_PLACEHOLDER = "consultCsrfTokenPlaceholder0000";
  var REFUSED = 4003; // the server said no: do not retry
  var GAP_WAIT_MS = 1000; // events from two servers may arrive out of order

  var socket = null;
  var attempts = 0;
  // The last event number applied, in order; at first the one the page was rendered at, so
  // the first connection asks for what happened since (a page from the cache may be older:
  // the server replays from there, or says reload).
  var rendered = parseInt(root.getAttribute("data-live-seq"), 10);
  var last = isNaN(rendered) ? null : rendered;
  var pending = {}; // events that arrived ahead of a gap, by number
  var gapTimer = null;
  var announcer = document.getElementById("discussion-announcer") || makeAnnouncer();

  function makeAnnouncer() {
    var region = document.createElement("p");
    region.className = "visually-hidden";
    region.setAttribute("aria-live", "polite");
    document.body.appendChild(region);
    return region;
  }

  function announce(text) {
    if (!text) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function csrfToken() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function element(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html.split(CSRF_PLACEHOLDER).join(csrfToken()).trim();
    return holder.content.firstElementChild;
  }

  function countReplies(item) {
    if (window.Consult) window.Consult.countReplies(item.parentElement);
  }

  function enhance(node) {
    if (window.Consult) window.Consult.enhance(node);
  }

  function setCount(text) {
    var heading = document.getElementById("comments");
    if (heading && text) heading.textContent = text;
  }

  function insertComment(item, parentId) {
    var list = document.getElementById("comment-list");
    if (!list) return;
    if (!parentId) {
      if (list.getAttribute("data-sort") === "oldest") list.appendChild(item);
      else list.insertBefore(item, list.firstChild);
      var empty = document.querySelector(".comment-list__empty");
      if (empty) empty.remove();
      return;
    }
    var parent = document.getElementById("comment-" + parentId);
    if (!parent) return; // its thread is on another page of comments
    if (parseInt(parent.getAttribute("data-level"), 10) >= MAX_LEVEL) {
      parent.parentElement.appendChild(item);
      countReplies(item);
      return;
    }
    // Folded replies (discussion/comment.html) stay folded: the reader did not ask for them.
    var replies = parent.querySelector(":scope > .comment-replies, :scope > details > .comment-replies");
    if (!replies) {
      replies = document.createElement("ol");
      replies.className = "comment-replies";
      parent.appendChild(replies);
    }
    replies.appendChild(item);
    countReplies(item);
  }

  // Put a new rendering of a comment in place of the old one, keeping its replies.
  function replaceCard(existing, item) {
    existing.className = item.className;
    var card = existing.querySelector(":scope > .comment__card");
    var fresh = item.querySelector(":scope > .comment__card");
    if (card && fresh) {
      card.replaceWith(fresh);
      enhance(fresh);
    }
  }

  function applyComment(event) {
    var item = element(event.html);
    var existing = document.getElementById("comment-" + event.id);
    var announcement = event.announce;
    if (event.type === "comment") {
      if (existing) {
        replaceCard(existing, item);
        // Already on the page (this reader just posted it): nothing new to announce.
        announcement = null;
      } else if (document.getElementById("comment-list")) {
        insertComment(item, event.parent);
        enhance(item);
      }
    } else if (existing && event.type === "edit") {
      ["comment__body", "comment__meta"].forEach(function (name) {
        var old = existing.querySelector(":scope > .comment__card ." + name);
        var fresh = item.querySelector("." + name);
        if (old && fresh) old.replaceWith(fresh);
      });
    } else if (existing && event.type === "remove") {
      replaceCard(existing, item);
    }
    setCount(event.count);
    announce(announcement);
  }

  function tallyPart(container) {
    return container.querySelector(".table-wrap") || container.querySelector("h3 + p");
  }

  function applyTallies(event) {
    var panel = document.querySelector("[data-position-panel]");
    var fresh = event.positions && element(event.positions);
    if (panel && fresh && tallyPart(panel) && tallyPart(fresh)) {
      tallyPart(panel).replaceWith(tallyPart(fresh));
    }
    Object.keys(event.reactions || {}).forEach(function (id) {
      var counts = event.reactions[id];
      var bar = document.getElementById("reactions-" + id);
      if (!bar) return;
      var numbers = bar.querySelectorAll(".reaction__count");
      if (numbers.length === counts.length) {
        numbers.forEach(function (number, i) { number.textContent = String(counts[i]); });
        return;
      }
      var text = bar.querySelector(".reactions__counts");
      if (text) {
        var i = 0;
        text.textContent = text.textContent.replace(/\d+/g, function (found) {
          return i < counts.length ? String(counts[i++]) : found;
        });
      }
    });
  }

  // Swap the parts of the page that events change for their current version.
  function refetch() {
    return fetch(window.location.href, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      var ids = isModeration ? [] : ["comment-list", "comments"];
      document.querySelectorAll("[data-live-refresh][id]").forEach(function (node) {
        ids.push(node.id);
      });
      ids.forEach(function (id) {
        var old = document.getElementById(id);
        var replacement = fresh.getElementById(id);
        if (old && replacement) {
          old.replaceWith(replacement);
          enhance(replacement);
        }
      });
      var panel = document.querySelector("[data-position-panel]");
      var freshPanel = fresh.querySelector("[data-position-panel]");
      if (panel && freshPanel && tallyPart(panel) && tallyPart(freshPanel)) {
        tallyPart(panel).replaceWith(tallyPart(freshPanel));
      }
    }).catch(function () { /* the next event or reconnect tries again */ });
  }

  function apply(event) {
    if (event.type === "comment" || event.type === "edit" || event.type === "remove") {
      applyComment(event);
    } else if (event.type === "tallies") {
      applyTallies(event);
    } else if (event.type === "status") {
      announce(event.announce);
      refetch();
    }
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function drain() {
    while (pending[last + 1]) {
      var next = pending[last + 1];
      delete pending[last + 1];
      last += 1;
      apply(next);
    }
    window.clearTimeout(gapTimer);
    gapTimer = null;
    if (Object.keys(pending).length) {
      gapTimer = window.setTimeout(function () { send({ resync: last }); }, GAP_WAIT_MS);
    }
  }

  function receive(event) {
    if (event.type === "hello") {
      // The stream's current number: where to start, or after a reload, start again.
      if (last === null || event.seq < last) {
        last = event.seq;
        pending = {};
      }
      return;
    }
    if (event.type === "reload") {
      last = null;
      pending = {};
      send({ hello: true });
      refetch();
      return;
    }
    if (typeof event.seq !== "number" || last === null || event.seq <= last) return;
    pending[event.seq] = event;
    drain();
  }

  function receiveModeration(event) {
    if (event.type !== "moderation") return;
    refetch().then(function () {
      announce(root.getAttribute("data-live-announce"));
    });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var language = encodeURIComponent(document.documentElement.lang || "");
    socket = new WebSocket(scheme + window.location.host + path + "?lang=" + language);
    socket.addEventListener("open", function () {
      attempts = 0;
      if (isModeration) refetch();
      else send(last === null ? { hello: true } : { resync: last });
    });
    socket.addEventListener("message", function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (error) { return; }
      if (isModeration) receiveModeration(event);
      else receive(event);
    });
    socket.addEventListener("close", function (closing) {
      socket = null;
      if (closing.code === REFUSED || closing.code === 1009) return;
      // Back off: 1, 2, 4 ... 30 seconds, with jitter so a restarted server is not stormed.
      var delay = Math.min(30000, 1000 * Math.pow(2, attempts)) * (0.5 + Math.random());
      attempts += 1;
      window.setTimeout(connect, delay);
    });
  }

  connect();
})();
