// Cramps offline: registers the service worker (static/js/sw.js, served at /sw.js) and keeps any
// <form data-offline-form> on this phone when there is no network, to send it once there is.
//
// The form posts as usual (htmx or not). When the phone is offline (navigator.onLine false) its submit is
// caught before htmx sees it; when htmx's request fails on the network (htmx:sendError) it is caught after.
// Either way its fields (with its idempotency key, and the time into [data-offline-time]) go to IndexedDB
// (static/js/offline_queue.js), and beside the form and in the #announcer live region the athlete reads
// that it is saved on this phone, with what still waits. A new submit clears an earlier success message
// ([data-offline-result]), so an old "Logged" never stands for a send that failed.
// The words come from #offline-texts (templates/_offline_texts.html), translated there; only an athlete's
// pages have it, so this file does nothing elsewhere.
"use strict";
(function () {
  var texts = document.getElementById("offline-texts");
  var queue = window.CrampsQueue;
  if (!texts || !queue || !("indexedDB" in window)) { return; }
  var words = texts.dataset;
  var notes = {};  // form action → {text, kind, link}: the last thing that happened to that form's entries
  var user = words.user || "";  // the member signed in: only their kept items are shown and sent
  // This page is the phone's kept copy, served because the network failed (static/js/sw.js marks it): its
  // forms are kept on the phone, whatever navigator.onLine says (a phone on a network that carries nothing
  // still believes it is online).
  var keptCopy = document.documentElement.hasAttribute("data-offline-copy");
  var NOTED = "cramps-offline-sent:";  // sessionStorage: what a plain form said as it went to the network

  // Counted words from Django's catalogue (/jsi18n/<lang>.js, loaded before this file); English if it failed.
  // Each ngettext call spells its words out, for makemessages -d djangojs to find them.
  var ngettext = window.ngettext || function (singular, plural, count) { return count === 1 ? singular : plural; };
  function fill(text, count) {
    return window.interpolate ? window.interpolate(text, { count: count }, true) : text.replace("%(count)s", count);
  }
  function waitingText(count) {
    return fill(ngettext("Saved on this phone, waiting to send: %(count)s",
      "Saved on this phone, waiting to send: %(count)s", count), count);
  }
  function sentText(count) {
    return fill(ngettext("Back online. Sent: %(count)s.", "Back online. Sent: %(count)s.", count), count);
  }
  function othersText(count) {
    return fill(ngettext("%(count)s saved on this phone by another account: it is not sent from this one.",
      "%(count)s saved on this phone by another account: they are not sent from this one.", count), count);
  }
  function logoutText(count) {
    return fill(ngettext("%(count)s entry saved on this phone is not sent yet and will be deleted. Log out anyway?",
      "%(count)s entries saved on this phone are not sent yet and will be deleted. Log out anyway?", count), count);
  }

  // The phone's own date, YYYY-MM-DD: what "today" is for a check-in kept with no network.
  function localDate(when) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return when.getFullYear() + "-" + two(when.getMonth() + 1) + "-" + two(when.getDate());
  }
  function isMine(item) { return Boolean(user) && String(item.user) === user; }

  function say(text) {
    var announcer = document.getElementById("announcer");
    if (!announcer) { return; }
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // A page kept by the service worker carries the key it was rendered with: each copy of the form gets its
  // own, so two cramps logged from the same kept page are two cramps.
  function renewKey(form) {
    var key = form.elements.namedItem("idempotency_key");
    if (key) { key.value = newKey(); }
  }

  function forms() { return document.querySelectorAll("form[data-offline-form]"); }

  // What the athlete picked, in words, after what the form is (its data-offline-label, with {day}):
  // "Cramp: Calves, Severity 7", "Check-in for Fri 27 Nov: no cramps, Training load: easy".
  function summarise(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.disabled) { return; }
      if (field.tagName === "SELECT") {
        if (field.value) { parts.push(field.options[field.selectedIndex].text); }
      } else if (field.type === "radio" || field.type === "checkbox") {
        if (!field.checked || (field.type === "radio" && !field.value)) { return; }  // "Not saying" says nothing
        if (field.dataset.offlineText) { parts.push(field.dataset.offlineText); return; }
        var label = field.id && form.querySelector('label[for="' + field.id + '"]');
        parts.push(label ? (label.getAttribute("aria-label") || label.textContent.trim()) : field.value);
      } else if (field.value && field.tagName !== "BUTTON" && field.type !== "submit") {
        parts.push(field.value);
      }
    });
    var label = form.dataset.offlineLabel;
    if (!label) { return parts.join(", "); }
    var day = form.elements.namedItem("day");
    if (day && day.value) {
      var lang = document.documentElement.lang || [];
      var date = new Date(day.value + "T12:00:00");
      label = label.replace("{day}", date.toLocaleDateString(lang, { weekday: "short", day: "numeric", month: "short" }));
    }
    return parts.length ? label + ": " + parts.join(", ") : label;
  }

  function clearResults(form) {
    delete notes[form.action];
    document.querySelectorAll("[data-offline-result], .messages .alert-success").forEach(function (element) {
      element.remove();
    });
    render();
  }

  // Where a kept form leads on ("Yes" on a check-in: on to the quick log), or null.
  function thenLink(form) {
    var leadsOn = form.querySelector("[data-offline-leads-on]");
    return leadsOn && leadsOn.checked && form.dataset.offlineThenUrl ?
      { text: form.dataset.offlineThen, href: form.dataset.offlineThenUrl } : null;
  }

  function keep(form) {
    // A kept check-in page holds the day it was kept on: today's form is for the phone's today.
    form.querySelectorAll("[data-offline-today]").forEach(function (input) { input.value = localDate(new Date()); });
    var then = thenLink(form);
    var data = new FormData(form);
    var stamp = form.querySelector("[data-offline-time]");
    if (stamp && stamp.name) { data.set(stamp.name, new Date().toISOString()); }
    var fields = [];
    data.forEach(function (value, name) { if (typeof value === "string") { fields.push([name, value]); } });
    var item = {
      key: data.get("idempotency_key") || newKey(), action: form.action, fields: fields,
      summary: summarise(form), savedAt: Date.now(), state: "waiting", user: user,
    };
    return queue.put(item).catch(function () {  // no room, or storage switched off: say so, keep the form
      notes[form.action] = { text: words.failed, kind: "danger" };
      say(words.failed);
      render();
      return Promise.reject();
    }).then(function () {
      notes[form.action] = { text: words.saved, kind: "info", link: then };
      say(words.saved);
      form.reset();
      renewKey(form);
      form.querySelectorAll("select").forEach(function (select) {  // whatever follows the selects (the body map)
        select.dispatchEvent(new Event("change", { bubbles: true }));
      });
      render();
      askForSync();
    }, function () { /* said above */ });
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) { return registration.sync.register("cramps-offline-queue"); }
    }).catch(function () { /* no background sync: the page sends when it sees the network */ });
  }

  function time(ms) {
    var lang = document.documentElement.lang || [];  // 24-hour, as the pages write times (H:i)
    return new Date(ms).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function statusBox(form) {
    var box = form.previousElementSibling;
    if (box && box.hasAttribute("data-offline-status")) { return box; }
    box = element("div", "offline-status");
    box.setAttribute("data-offline-status", "");
    form.parentNode.insertBefore(box, form);
    return box;
  }

  function showItems(box, items, heading, kind) {
    if (!items.length) { return; }
    var panel = element("div", "alert alert-" + kind + " py-2");
    panel.appendChild(element("p", "mb-1 fw-semibold", heading));
    var list = element("ul", "mb-0 ps-3");
    items.forEach(function (item) {
      var row = element("li", "", (item.summary || words.entry) + " · " + time(item.savedAt));
      if (item.state === "refused") {
        row.appendChild(element("span", "d-block", item.error || words.refusedUnknown));
        var dismiss = element("button", "btn btn-outline-danger mt-1", words.dismiss);
        dismiss.type = "button";
        dismiss.addEventListener("click", function () { queue.remove(item.key).then(render); });
        row.appendChild(dismiss);
      }
      list.appendChild(row);
    });
    panel.appendChild(list);
    box.appendChild(panel);
  }

  // Kept on this phone by someone else, before a log-out: never sent, not shown (they are not this member's),
  // only counted, with a button to delete them.
  function showOthers(box, others) {
    if (!others.length) { return; }
    var panel = element("div", "alert alert-secondary py-2");
    panel.setAttribute("data-offline-others", "");
    panel.appendChild(element("p", "mb-1", othersText(others.length)));
    var remove = element("button", "btn btn-secondary", words.delete);
    remove.type = "button";
    remove.addEventListener("click", function () {
      Promise.all(others.map(function (item) { return queue.remove(item.key); })).then(render);
    });
    panel.appendChild(remove);
    box.appendChild(panel);
  }

  // On the "Log a cramp" button of every page: how many wait to be sent.
  function showCount(count) {
    document.querySelectorAll("[data-offline-count]").forEach(function (badge) {
      badge.hidden = !count;
      badge.textContent = count ? String(count) : "";
      if (count) { badge.appendChild(element("span", "visually-hidden", " " + words.waitingShort)); }
    });
  }

  // Beside each form: the last thing that happened, what is waiting to be sent, what the server refused.
  function render() {
    return queue.all().then(function (items) {
      var others = items.filter(function (item) { return !isMine(item); });
      items = items.filter(isMine);
      waitingCount = items.filter(function (item) { return item.state === "waiting"; }).length;
      showCount(waitingCount);
      forms().forEach(function (form) {
        var box = statusBox(form);
        box.textContent = "";
        var mine = items.filter(function (item) { return item.action === form.action; });
        var note = notes[form.action];
        if (note) {
          var said = element("p", "alert alert-" + note.kind + " py-2", note.text);
          if (note.link) {  // "Yes" to cramps on a check-in kept offline: on to the (kept) quick log
            var link = element("a", "btn btn-danger d-block mt-2", note.link.text);
            link.href = note.link.href;
            said.appendChild(link);
          }
          box.appendChild(said);
        }
        var waiting = mine.filter(function (item) { return item.state === "waiting"; });
        showItems(box, waiting, waitingText(waiting.length), "warning");
        showItems(box, mine.filter(function (item) { return item.state === "refused"; }), words.refused, "danger");
        showOthers(box, others);
      });
    });
  }

  var waitingCount = 0;  // this member's entries waiting to be sent, as last shown
  var sending = null;
  function flush() {
    if (sending || navigator.onLine === false) { return sending; }
    sending = queue.flush({ loginUrl: words.login }).then(report).catch(function () { /* tried again later */ })
      .then(function () { sending = null; });
    return sending;
  }

  function report(result) {
    if (!result) { return; }
    var text = "";
    if (result.sent) { text = sentText(result.sent); }
    if (result.refused) { text += (text ? " " : "") + words.refusedSoon; }
    if (result.state === "login") { text += (text ? " " : "") + words.logIn; }
    if (result.sent) {  // what shows the saved entries refreshes, as after a log online (data-offline-sent-event)
      forms().forEach(function (form) {
        if (form.dataset.offlineSentEvent) { document.body.dispatchEvent(new CustomEvent(form.dataset.offlineSentEvent)); }
      });
    }
    if (text) {
      forms().forEach(function (form) {
        notes[form.action] = { text: text, kind: result.refused || result.state === "login" ? "danger" : "success" };
      });
      say(text);
    }
    return render();
  }

  // A plain form (not htmx) posts as a page: if the network fails on the way, the service worker keeps it,
  // but it has no page to read. So what the form says (its summary, where it leads on) is noted here first,
  // under its idempotency key, for the page the service worker opens (?kept=<key>) to show.
  function noteBeforeSending(form) {
    var key = form.elements.namedItem("idempotency_key");
    if (!key || !key.value || !window.sessionStorage) { return; }
    try {
      sessionStorage.setItem(NOTED + key.value, JSON.stringify({ summary: summarise(form), then: thenLink(form) }));
    } catch (error) { /* storage off or full: the kept item is then shown by its kind alone */ }
  }

  // What was noted for this key, forgotten once read, with every older note (their forms were sent).
  function takeNotes(key) {
    var noted = null;
    try {
      noted = JSON.parse(sessionStorage.getItem(NOTED + key) || "null");
      Object.keys(sessionStorage).forEach(function (name) {
        if (name.indexOf(NOTED) === 0) { sessionStorage.removeItem(name); }
      });
    } catch (error) { /* nothing noted */ }
    return noted;
  }

  // The service worker kept a plain form it could not send, and opened its page with ?kept=<key>: the item
  // gets the summary noted as it was sent, and the page says it is saved, with where it leads on.
  function showKeptBySW(key) {
    var noted = takeNotes(key) || {};
    forms().forEach(function (form) { notes[form.action] = { text: words.saved, kind: "info", link: noted.then }; });
    say(words.saved);
    return queue.all().then(function (items) {
      var item = items.filter(function (each) { return each.key === key; })[0];
      if (item && !item.summary && noted.summary) {
        item.summary = noted.summary;
        return queue.put(item);
      }
    }).catch(function () { /* shown by its kind alone */ });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-offline-form]")) { return; }
    clearResults(form);
    if (navigator.onLine === false || keptCopy) {
      event.preventDefault();
      event.stopImmediatePropagation();  // before htmx, which listens on the form itself
      keep(form).then(flush);  // on a kept copy the network may be back: then it is sent at once
    } else if (!form.hasAttribute("hx-post")) {
      noteBeforeSending(form);
    }
  }, true);

  // htmx could not reach the server (the phone thought it was online): keep the form instead.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt && event.detail.elt.closest("form[data-offline-form]");
    if (form) { keep(form); }
  });
  // The server failed (5xx): nothing was saved, and the athlete is told so.
  document.addEventListener("htmx:responseError", function (event) {
    var form = event.detail.elt && event.detail.elt.closest("form[data-offline-form]");
    if (!form) { return; }
    notes[form.action] = { text: words.failed, kind: "danger" };
    say(words.failed);
    render();
  });
  document.addEventListener("htmx:afterSettle", function () { render(); });
  window.addEventListener("online", flush);
  // A phone on a network that carries nothing never goes "offline", so it never comes back "online" either:
  // while entries wait, sending is tried again now and then, and whenever the app is brought back to view.
  setInterval(function () { if (waitingCount) { flush(); } }, 30000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && waitingCount) { flush(); }
  });

  // Log-out forgets what this phone kept (the server's Clear-Site-Data header does too, where supported);
  // entries not sent yet are lost, so the athlete is asked first.
  document.querySelectorAll('form[action="' + words.logout + '"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      queue.all().then(function (items) {
        var waiting = items.filter(function (item) { return item.state === "waiting" && isMine(item); }).length;
        if (waiting && !window.confirm(logoutText(waiting))) { return null; }
        var clearing = [queue.clear()];
        if (window.caches) {
          clearing.push(caches.keys().then(function (names) {
            return Promise.all(names.map(function (name) { return caches.delete(name); }));
          }));
        }
        // The server's Clear-Site-Data clears it all too, so a phone slow to clear never holds the log-out up.
        var enough = new Promise(function (resolve) { setTimeout(resolve, 3000); });
        return Promise.race([Promise.all(clearing), enough]).then(function () { form.submit(); });
      }).catch(function () { form.submit(); });
    });
  });

  // The service worker kept a plain form it could not send (static/js/sw.js), and opened its page with ?kept=<key>.
  var keptBySW = /[?&]kept=([^&]+)/.exec(location.search);
  var ready = Promise.resolve();
  if (keptBySW) {
    history.replaceState(null, "", location.pathname);
    ready = showKeptBySW(decodeURIComponent(keptBySW[1]));
  }
  // Another day's check-in (/checkin/?day=…) opened offline shows the kept page of today: said so.
  var askedDay = /[?&]day=([^&]*)/.exec(location.search);
  var offline = navigator.onLine === false || keptCopy;
  if (offline && askedDay && decodeURIComponent(askedDay[1]) !== localDate(new Date())) {
    forms().forEach(function (form) {
      if (form.dataset.offlinePast) { notes[form.action] = { text: form.dataset.offlinePast, kind: "warning" }; }
    });
  }
  forms().forEach(renewKey);
  ready.then(render).then(flush);

  if ("serviceWorker" in navigator && words.worker) {
    navigator.serviceWorker.register(words.worker, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (navigator.onLine === false || !registration.active) { return; }
      var assets = Array.prototype.map.call(
        document.querySelectorAll("script[src], link[rel=stylesheet][href], link[rel=icon][href]"),
        function (node) { return node.src || node.href; }
      );
      registration.active.postMessage({ type: "keep", assets: assets });
    }).catch(function () { /* no service worker: the pages still work online */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "flushed") { report(data.result); }
      if (data.type === "kept") { document.documentElement.setAttribute("data-offline-ready", ""); }
    });
  }
})();
