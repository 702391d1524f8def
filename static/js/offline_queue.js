// Cramps: forms kept on this phone while there is no network, and sending them once there is.
// Shared by the pages (static/js/offline.js) and the service worker (static/js/sw.js, by importScripts), so
// it uses nothing but IndexedDB, fetch and Web Locks: no DOM.
//
// Each kept form is one record, keyed by its idempotency key: {key, action, fields: [[name, value], …],
// summary, savedAt, user (the id of the member who kept it), state: "waiting" | "refused", error}. Only the
// records of the member signed in when they are sent are sent. Sending it again is harmless (the server saves
// a key once), so a send that may or may not have arrived is simply tried again.
//
// What a send means, from the server's answer to a plain (not htmx) POST:
//   a redirect to anything but the log-in page   saved: the record goes
//   a redirect to the log-in page                signed out: keep everything, stop, ask to log in
//   the form again (200), or a 4xx                refused: kept as "refused" with the form's error, shown
//                                                 to the athlete until dismissed, never sent again (a 403
//                                                 is first tried once more with a fresh CSRF token)
//   5xx, or no network                            kept "waiting", tried again later
"use strict";
(function (scope) {
  var DB_NAME = "cramps-offline";
  var STORE = "forms";
  var LOCK = "cramps-offline-queue";

  function request(mode, work) {
    return new Promise(function (resolve, reject) {
      var opening = indexedDB.open(DB_NAME, 1);
      opening.onupgradeneeded = function () { opening.result.createObjectStore(STORE, { keyPath: "key" }); };
      opening.onerror = function () { reject(opening.error); };
      opening.onsuccess = function () {
        var db = opening.result;
        var transaction = db.transaction(STORE, mode);
        var asked = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(asked ? asked.result : undefined); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      };
    });
  }

  function all() {
    return request("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.savedAt - b.savedAt; });
    });
  }
  function put(item) { return request("readwrite", function (store) { store.put(item); }); }
  function remove(key) { return request("readwrite", function (store) { store.delete(key); }); }
  function clear() {
    return new Promise(function (resolve) {
      var deleting = indexedDB.deleteDatabase(DB_NAME);
      deleting.onsuccess = deleting.onerror = deleting.onblocked = function () { resolve(); };
    });
  }

  // The text of a refused form's error messages, from the page the server sent back.
  function errorsIn(html) {
    var found = [];
    var pattern = /<div class="[^"]*\b(?:invalid-feedback|alert-danger)\b[^"]*"[^>]*>([\s\S]*?)<\/div>/g;
    var match;
    while ((match = pattern.exec(html)) !== null) {
      var text = match[1].replace(/<[^>]*>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
      if (text && found.indexOf(text) === -1) { found.push(text); }
    }
    return found.join(" ");
  }

  function isLogIn(response, loginUrl) {
    return Boolean(loginUrl) && new URL(response.url).pathname === new URL(loginUrl, response.url).pathname;
  }

  // Who is signed in (the data-user of the page's #offline-texts, templates/_offline_texts.html) and a CSRF
  // token, from the form's own page (a GET of it); null when signed out; rejects with no network.
  // A form's page redirects only to the log-in page, which is not followed: loading it in the background
  // would set a new CSRF cookie on a signed-out phone, under the log-in form the person is filling in.
  function freshToken(url) {
    return fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual" }).then(function (response) {
      if (response.type === "opaqueredirect" || response.redirected) { return null; }
      return response.text().then(function (html) {
        var match = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
        var user = /\bdata-user="([^"]*)"/.exec(html);
        return { token: match ? match[1] : "", user: user ? user[1] : "" };
      });
    });
  }

  // One send: resolves to "sent", "refused" (with item.error set), "login", "forbidden" or "later".
  function send(item, token, loginUrl) {
    var body = new URLSearchParams();
    item.fields.forEach(function (field) {
      if (field[0] !== "csrfmiddlewaretoken") { body.append(field[0], field[1]); }
    });
    body.append("csrfmiddlewaretoken", token);
    return fetch(item.action, {
      method: "POST", body: body, credentials: "same-origin", cache: "no-store",
      headers: { "X-CSRFToken": token },
    }).then(function (response) {
      if (response.redirected) { return isLogIn(response, loginUrl) ? "login" : "sent"; }
      if (response.status === 403) { return "forbidden"; }
      if (response.status >= 500) { return "later"; }
      return response.text().then(function (html) {
        item.error = errorsIn(html);
        return "refused";
      });
    }, function () { return "later"; });
  }

  function sendAll(options) {
    var result = { sent: 0, refused: 0, waiting: 0, state: "done" };
    return all().then(function (items) {
      var waiting = items.filter(function (item) { return item.state === "waiting"; });
      if (!waiting.length) { return result; }
      var others = 0;
      var token;
      function next(index) {
        if (index >= waiting.length) { return result; }
        var item = waiting[index];
        return send(item, token, options.loginUrl).then(function (outcome) {
          if (outcome === "forbidden" && !item.retried) {  // the token had changed: fetch a new one, once
            item.retried = true;
            return freshToken(item.action).then(function (fresh) {
              if (fresh === null) { return "login"; }
              token = fresh.token;
              return send(item, token, options.loginUrl);
            });
          }
          return outcome;
        }).then(function (outcome) {
          if (outcome === "sent") {
            result.sent += 1;
            return remove(item.key).then(function () { return next(index + 1); });
          }
          if (outcome === "refused" || outcome === "forbidden") {
            result.refused += 1;
            item.state = "refused";
            return put(item).then(function () { return next(index + 1); });
          }
          result.state = outcome;  // "login" or "later": stop, and keep the rest for next time
          result.waiting = waiting.length - index;
          return result;
        });
      }
      return freshToken(waiting[0].action).then(function (fresh) {
        if (fresh === null) {
          result.state = "login";
          result.waiting = waiting.length;
          return result;
        }
        // Only what the signed-in member kept is sent: another account's items, kept on this phone before a
        // log-out, are never sent under this one (the page shows them, to delete).
        var mine = waiting.filter(function (item) { return fresh.user && String(item.user) === fresh.user; });
        others = waiting.length - mine.length;
        result.others = others;
        waiting = mine;
        token = fresh.token || options.token || "";
        return next(0);
      }, function () {
        result.state = "later";
        result.waiting = waiting.length;
        return result;
      });
    });
  }

  // Send every waiting form, one at a time, one sender at a time (the page and the service worker may both
  // try when the network comes back). Resolves to {sent, refused, waiting, others, state}: others, the
  // waiting items of another account than the one signed in, which are not sent.
  function flush(options) {
    options = options || {};
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request(LOCK, function () { return sendAll(options); });
    }
    return sendAll(options);
  }

  scope.CrampsQueue = { all: all, put: put, remove: remove, clear: clear, flush: flush, errorsIn: errorsIn };
})(self);
