// Cramps' service worker. cramps/offline.py serves it at /sw.js (so it may control the whole site), with
// self.CRAMPS in front: {version, shell: [static URLs], fresh: [shell URLs read from the network first],
// pages: [page paths], fallback, queue, login}.
//
// What it keeps on the phone, and nothing else:
// - the app shell: the CSS, JS and icons the pages load (static files, no one's data), read from the
//   cache first; and the scripts' translations (/jsi18n/<lang>.js, the "fresh" list), read from the network
//   first so that a changed translation reaches an installed app, and from the cache only offline;
// - the pages that hold a form to log from (the quick log and the daily check-in), fetched from the
//   network first and kept for when there is none, under their exact address only (never one with a query
//   string, such as /checkin/?day=…). They hold the member's own data, not only a form: the quick log
//   nothing but its form, and the check-in page today's answers, if given, and which of the last days
//   have a check-in (the ✓ marks). Never a history of cramps, insights or a report. It all stays on this
//   phone, and is cleared on log-out.
// Every other request goes to the network untouched. When a page cannot be reached offline, the kept quick
// log is shown instead, so a cramp can always be logged. Log-out clears all of it (a Clear-Site-Data header).
"use strict";
var CONFIG = self.CRAMPS;
var SHELL_CACHE = "cramps-shell-" + CONFIG.version;
var PAGE_CACHE = "cramps-pages";
var SYNC_TAG = "cramps-offline-queue";
importScripts(CONFIG.queue);

function isStatic(url) {
  return CONFIG.shell.some(function (path) { return url.pathname === path; }) ||
    url.pathname.indexOf(CONFIG.static) === 0;
}

// Fetch each kept page again as the signed-in member sees it; a page that is missing (a 404), or asks
// to log in (a redirect), is dropped from the cache rather than failing the rest.
function keepPages() {
  return caches.open(PAGE_CACHE).then(function (cache) {
    return Promise.all(CONFIG.pages.map(function (path) {
      return fetch(path, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        if (response.ok && !response.redirected && response.type === "basic") { return cache.put(path, response); }
        return cache.delete(path);
      }).catch(function () { return null; });  // offline: keep what is there
    }));
  });
}

// Static files the page says it uses, if not kept yet (only this site's static files).
function keepAssets(urls) {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return Promise.all((urls || []).map(function (href) {
      var url = new URL(href, self.location.href);
      if (url.origin !== self.location.origin || !isStatic(url)) { return null; }
      return cache.match(url.pathname).then(function (kept) {
        return kept || cache.add(url.pathname).catch(function () { return null; });
      });
    }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then(function (cache) { return cache.addAll(CONFIG.shell); })
      .then(keepPages)
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("cramps-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isFresh(url) {
  return (CONFIG.fresh || []).indexOf(url.pathname) !== -1;
}

// The network first, kept for later; the kept copy only when the network fails.
function fromNetwork(request) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(SHELL_CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true }).then(function (kept) {
      return kept || Response.error();
    });
  });
}

function fromShell(request) {
  return caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true }).then(function (kept) {
    return kept || fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(SHELL_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

// A kept page is stored under its exact address: /checkin/?day=… (another day's check-in) is never kept as
// /checkin/. Offline, it is answered with the kept /checkin/, whose script says that only today can be
// checked in offline (static/js/offline.js).
function navigate(event, url) {
  var kept = CONFIG.pages.indexOf(url.pathname) !== -1 && !url.search;
  return fetch(event.request).then(function (response) {
    if (kept && response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) { return cache.put(url.pathname, copy); }));
    }
    return response;
  }, function () {
    return caches.open(PAGE_CACHE).then(function (cache) {
      return cache.match(url.pathname).then(function (page) { return page || cache.match(CONFIG.fallback); });
    }).then(function (page) { return page ? markedAsKept(page) : Response.error(); });
  });
}

// A kept page served in place of the network says so on its <html> (data-offline-copy), whatever the phone
// believes about its connection: static/js/offline.js then keeps its forms on the phone rather than posting
// them, and sets a kept check-in's day to the phone's today (the copy may be days old).
function markedAsKept(page) {
  return page.text().then(function (html) {
    return new Response(html.replace(/<html\b/i, "<html data-offline-copy"), {
      status: page.status, statusText: page.statusText, headers: page.headers,
    });
  });
}

// Whose page the form came from: the data-user of the kept copy of its page ("" when there is none).
function keptUser(path) {
  return caches.open(PAGE_CACHE).then(function (cache) { return cache.match(path); }).then(function (page) {
    return page ? page.text() : "";
  }).then(function (html) {
    var found = /\bdata-user="([^"]*)"/.exec(html);
    return found ? found[1] : "";
  });
}

// A plain form (not htmx) posted to a kept page when the network fails although the phone thought it was
// online: kept in the queue, as static/js/offline.js keeps forms, if it carries an idempotency key (only
// then is sending it again harmless); the kept page then opens with ?kept=<key>, and the page's script,
// which noted the form's summary under that key as it was sent, says what was saved on the phone.
function postOrKeep(event, url) {
  var copy = event.request.clone();
  return fetch(event.request).catch(function () {
    return copy.formData().then(function (data) {
      var key = data.get("idempotency_key");
      if (!key) { return Response.error(); }
      var fields = [];
      data.forEach(function (value, name) { if (typeof value === "string") { fields.push([name, value]); } });
      return keptUser(url.pathname).then(function (user) {
        return self.CrampsQueue.put({
          key: key, action: url.href, fields: fields, summary: "", savedAt: Date.now(), state: "waiting", user: user,
        });
      }).then(function () {
        return Response.redirect(new URL(url.pathname + "?kept=" + encodeURIComponent(key), self.location.origin).href, 303);
      });
    }).catch(function () { return Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && request.mode === "navigate" && CONFIG.pages.indexOf(url.pathname) !== -1) {
    event.respondWith(postOrKeep(event, url));
    return;
  }
  if (request.method !== "GET") { return; }
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  } else if (isFresh(url)) {
    event.respondWith(fromNetwork(request));
  } else if (isStatic(url)) {
    event.respondWith(fromShell(request));
  }
});

function tellPages(message) {
  return self.clients.matchAll({ type: "window" }).then(function (pages) {
    pages.forEach(function (page) { page.postMessage(message); });
  });
}

// A page that loaded online asks for the kept pages to be fetched again, and for its static files to be kept.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep") {
    event.waitUntil(Promise.all([keepPages(), keepAssets(data.assets)]).then(function () {
      if (event.source) { event.source.postMessage({ type: "kept" }); }
    }));
  }
});

// Background sync: the browser wakes the worker when the network is back, even with no page open.
self.addEventListener("sync", function (event) {
  if (event.tag !== SYNC_TAG) { return; }
  event.waitUntil(self.CrampsQueue.flush({ loginUrl: CONFIG.login }).then(function (result) {
    return tellPages({ type: "flushed", result: result }).then(function () {
      if (result.state === "later") { throw new Error("offline: try again later"); }
    });
  }));
});
