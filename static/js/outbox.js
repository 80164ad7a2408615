// Gendan offline support: the service worker, the outbox of records captured without a
// connection, and the notices that go with them. No inline scripts (CSP); forms opt in with
// data-outbox="<what this is>" and are submitted by htmx as usual. When htmx cannot reach the
// server (htmx:sendError, htmx:timeout) the form's fields and photos (already downscaled) are
// kept in IndexedDB and sent later, in order, to the same URL. Each form carries the client
// UUID made when it opened, so a record that reached the server before the connection dropped
// is answered with the original and never stored twice.
(function () {
  "use strict";

  var DB_NAME = "gendan";
  var STORE = "outbox";
  var body = document.body;
  var msgs = {};
  try { msgs = JSON.parse(body.getAttribute("data-outbox-msgs") || "{}"); } catch (e) { msgs = {}; }
  var user = body.getAttribute("data-user") || "";
  var syncUrl = body.getAttribute("data-sync-url") || "/sync";
  var tokenUrl = body.getAttribute("data-sync-token-url") || "/sync/token";

  function msg(key, values) {
    var text = msgs[key] || key;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }

  // --- IndexedDB, promise style ----------------------------------------------------------
  var dbPromise = null;
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = window.indexedDB.open(DB_NAME, 1);
        req.onupgradeneeded = function () {
          var store = req.result.createObjectStore(STORE, { keyPath: "id" });
          store.createIndex("user", "user");
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }
  function tx(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var req = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(req ? req.result : undefined); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }
  function mine() {
    return tx("readonly", function (store) { return store.index("user").getAll(user); })
      .then(function (items) { return (items || []).sort(function (a, b) { return a.created - b.created; }); });
  }
  function put(item) { return tx("readwrite", function (store) { return store.put(item); }); }
  function remove(id) { return tx("readwrite", function (store) { return store.delete(id); }); }
  function getItem(id) { return tx("readonly", function (store) { return store.get(id); }); }

  // --- Capture ------------------------------------------------------------------------------
  function localToday() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function newUuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function capture(form) {
    // A date left empty means "today" on the phone, not the day the record finally arrives.
    form.querySelectorAll("input[data-outbox-today]").forEach(function (input) {
      if (!input.value) input.value = localToday();
    });
    var data = new FormData(form);
    var fields = [];
    var files = [];
    data.forEach(function (value, name) {
      if (name === "csrf_token") return;
      if (value instanceof Blob) {
        if (value.size) files.push({ name: name, blob: value, filename: value.name || "photo.jpg" });
      } else {
        fields.push([name, value]);
      }
    });
    // The labels the user saw, so a refused record can be shown and fixed in their words.
    var labels = {};
    var shown = {}; // what a choice looked like: the option's or the radio button's text
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file") return;
      if (el.type === "radio") {
        var legend = el.closest("fieldset") && el.closest("fieldset").querySelector("legend");
        if (legend) labels[el.name] = legend.textContent.trim();
        if (el.checked && el.labels && el.labels.length) shown[el.name] = el.labels[0].textContent.trim();
        return;
      }
      if (!el.labels || !el.labels.length) return;
      labels[el.name] = el.labels[0].textContent.trim();
      if (el.tagName === "SELECT" && el.selectedOptions.length) shown[el.name] = el.selectedOptions[0].textContent.trim();
    });
    var uuidInput = form.querySelector("input[name=client_uuid]");
    var item = {
      labels: labels,
      shown: shown,
      id: (uuidInput && uuidInput.value) || newUuid(),
      user: user,
      url: form.getAttribute("hx-post") || form.action,
      label: form.getAttribute("data-outbox") || document.title,
      page: window.location.pathname,
      fields: fields,
      files: files,
      created: Date.now(),
      state: "pending",
      attempts: 0,
      error: ""
    };
    return put(item).then(function () {
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
      // The form is ready for the next record: fresh identity, quantities and photos cleared.
      form.reset();
      if (uuidInput) uuidInput.value = newUuid();
      var note = form.querySelector("[data-outbox-note]");
      if (!note) {
        note = document.createElement("div");
        note.className = "alert alert-info";
        note.setAttribute("role", "status");
        note.setAttribute("data-outbox-note", "");
        form.insertBefore(note, form.firstChild);
      }
      note.textContent = msg("queued");
      if (navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then(function (reg) {
          if (reg.sync) reg.sync.register("outbox").catch(function () {});
        });
      }
      changed();
    });
  }

  function outboxForm(elt) {
    return elt && elt.closest ? elt.closest("form[data-outbox]") : null;
  }
  function onFailure(event) {
    var form = outboxForm(event.detail && event.detail.elt);
    if (!form || !user || form._queuing) return;
    form._queuing = true;
    event.stopImmediatePropagation(); // no "could not reach the server" toast: nothing is lost
    capture(form).finally(function () { form._queuing = false; });
  }
  document.addEventListener("htmx:sendError", onFailure, true);
  // A plain form (a full page post) submitted while the phone knows it is offline is kept too.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-outbox") || form.hasAttribute("hx-post")) return;
    if (navigator.onLine || !user) return;
    event.preventDefault();
    capture(form);
  });
  document.addEventListener("htmx:timeout", onFailure, true);
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = outboxForm(event.detail && event.detail.elt);
    var note = form && form.querySelector("[data-outbox-note]");
    if (note && event.detail.successful) note.remove();
  });

  // --- Delivery -----------------------------------------------------------------------------
  var draining = null; // the delivery under way, if any: callers wait for it instead of racing it
  function errorText(status, text) {
    var holder = document.createElement("div");
    holder.innerHTML = text || "";
    var parts = Array.prototype.map.call(
      holder.querySelectorAll(".alert-error, .error, [role=alert]"),
      function (el) { return el.textContent.trim(); }
    ).filter(function (t, i, all) { return t && all.indexOf(t) === i; });
    return parts.length ? parts.join(" · ") : msg("http_error", { status: status });
  }

  function send(item, csrf) {
    var data = new FormData();
    item.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    item.files.forEach(function (f) { data.append(f.name, f.blob, f.filename); });
    data.append("csrf_token", csrf);
    return fetch(item.url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "HX-Request": "true", "X-Gendan-Outbox": "1" }
    });
  }

  function drain() {
    if (draining) return draining;
    if (!user || !navigator.onLine) return Promise.resolve();
    draining = mine().then(function (items) {
      var pending = items.filter(function (i) { return i.state !== "rejected"; });
      if (!pending.length) return;
      return fetch(tokenUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (session) {
          if (!session || String(session.user) !== user) return; // signed out: wait for the login
          var next = function (k) {
            if (k >= pending.length) return null;
            var item = pending[k];
            item.attempts += 1;
            return send(item, session.csrf).then(function (response) {
              var login = new URL(response.url, window.location.href).pathname === session.login;
              if (response.ok && !login) return remove(item.id).then(function () { changed(); return next(k + 1); });
              if (login || response.status === 401) return null;
              if (response.status >= 500 || response.status === 429) {
                item.error = msg("http_error", { status: response.status });
                return put(item).then(function () { changed(); return null; }); // try again later
              }
              // The server refused it (closed order, invalid value, same UUID with other content):
              // the user sees why and decides; the data stays on the phone until then.
              return response.text().then(function (text) {
                item.state = "rejected";
                item.error = errorText(response.status, text);
                return put(item).then(function () { changed(); return next(k + 1); });
              });
            }, function () {
              item.error = msg("network_error");
              return put(item).then(function () { changed(); return null; });
            });
          };
          return next(0);
        });
    }).catch(function () {}).then(function () { draining = null; });
    return draining;
  }

  // --- Badge, sync page ---------------------------------------------------------------------
  function changed() {
    return mine().then(function (items) {
      var count = items.length;
      document.querySelectorAll("[data-outbox-badge]").forEach(function (badge) {
        badge.hidden = count === 0;
        var label = badge.querySelector("[data-outbox-count]");
        if (label) label.textContent = msg(count === 1 ? "pending_one" : "pending_many", { n: count });
        badge.classList.toggle("has-rejected", items.some(function (i) { return i.state === "rejected"; }));
      });
      renderList(items);
      return items;
    }).catch(function () {});
  }

  function renderList(items) {
    var list = document.getElementById("outbox-list");
    if (!list) return;
    var empty = document.getElementById("outbox-empty");
    if (empty) empty.hidden = items.length > 0;
    var template = document.getElementById("outbox-item");
    list.innerHTML = "";
    var when = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      month: "short", day: "numeric", hour: "2-digit", minute: "2-digit"
    });
    items.forEach(function (item) {
      var node = template.content.firstElementChild.cloneNode(true);
      node.setAttribute("data-id", item.id);
      node.setAttribute("data-state", item.state);
      node.querySelector("[data-label]").textContent = item.label;
      node.querySelector("[data-when]").textContent = when.format(new Date(item.created));
      node.querySelector("[data-state-label]").textContent = msg(item.state === "rejected" ? "state_rejected" : "state_pending");
      node.querySelector("[data-state-label]").className = "badge " + (item.state === "rejected" ? "badge-danger" : "badge-warn");
      node.querySelector("[data-photos]").textContent = item.files.length ? msg("photos", { n: item.files.length }) : "";
      node.querySelector("[data-attempts]").textContent = item.attempts ? msg("attempts", { n: item.attempts }) : "";
      var error = node.querySelector("[data-error]");
      error.hidden = !item.error;
      error.textContent = item.error;
      var fields = node.querySelector("[data-fields]");
      var summary = [];
      item.fields.forEach(function (pair) {
        var text = (item.labels || {})[pair[0]];
        if (!text) return; // hidden fields (identity, order, stage) are not the user's to edit
        if (item.state !== "rejected") {
          if (pair[1] !== "") summary.push(text + " " + ((item.shown || {})[pair[0]] || pair[1]));
          return;
        }
        var row = document.createElement("label");
        row.className = "outbox-field";
        var name = document.createElement("span");
        name.textContent = text;
        var input = document.createElement("input");
        input.type = "text";
        input.value = pair[1];
        input.setAttribute("data-field", pair[0]);
        row.appendChild(name);
        row.appendChild(input);
        fields.appendChild(row);
      });
      node.querySelector("[data-summary]").textContent = summary.join(" · ");
      node.querySelector("[data-retry]").hidden = item.state !== "rejected";
      list.appendChild(node);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-outbox-action]");
    if (!button) return;
    var action = button.getAttribute("data-outbox-action");
    if (action === "send") { drain().then(changed); return; }
    var node = button.closest("[data-id]");
    var id = node && node.getAttribute("data-id");
    if (!id) return;
    if (action === "discard") {
      if (window.confirm(msg("discard_confirm"))) remove(id).then(changed);
    } else if (action === "retry") {
      getItem(id).then(function (item) {
        // The user may have corrected values in the fields shown for a rejected item.
        node.querySelectorAll("[data-field]").forEach(function (input) {
          item.fields.forEach(function (pair) { if (pair[0] === input.getAttribute("data-field")) pair[1] = input.value; });
        });
        item.state = "pending";
        item.error = "";
        return put(item);
      }).then(function () { return drain(); }).then(changed);
    }
  });

  // --- Signing out, another user on this phone ----------------------------------------------
  function tellWorker(message) {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage(message);
    }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-logout") || form._confirmed) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    mine().catch(function () { return []; }).then(function (items) {
      if (items.length && !window.confirm(msg("logout_confirm", { n: items.length }))) return;
      tellWorker({ type: "clear-pages" });
      form._confirmed = true;
      form.submit();
    });
  }, true);
  try {
    var last = window.localStorage.getItem("gendan-user");
    if (user && last && last !== user) tellWorker({ type: "clear-pages" });
    if (user) window.localStorage.setItem("gendan-user", user);
  } catch (e) { /* private mode: nothing to compare */ }

  // --- Service worker: registration, updates, pages shown from the cache ---------------------
  function notice(text, buttonText, onClick) {
    var bar = document.createElement("div");
    bar.className = "notice";
    bar.setAttribute("role", "status");
    var span = document.createElement("span");
    span.textContent = text;
    bar.appendChild(span);
    if (buttonText) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-primary";
      button.textContent = buttonText;
      button.addEventListener("click", onClick);
      bar.appendChild(button);
    }
    var topbar = document.querySelector(".topbar");
    if (topbar) topbar.insertAdjacentElement("afterend", bar);
    else document.body.insertBefore(bar, document.body.firstChild);
    return bar;
  }

  var cachedAt = body.getAttribute("data-cached-at");
  if (cachedAt) {
    var saved = new Date(cachedAt);
    var fmt = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      month: "short", day: "numeric", hour: "2-digit", minute: "2-digit"
    });
    notice(msg("cached", { time: isNaN(saved) ? "?" : fmt.format(saved) })).classList.add("notice-offline");
  }

  if ("serviceWorker" in navigator && window.isSecureContext) {
    var reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (reloading) window.location.reload();
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "drain") drain();
    });
    navigator.serviceWorker.ready.then(function (reg) {
      // Keep a copy of the outbox page, so it opens without a connection too.
      if (user && navigator.onLine && reg.active) reg.active.postMessage({ type: "save-pages", urls: [syncUrl] });
    });
    navigator.serviceWorker.register(body.getAttribute("data-sw-url") || "/sw.js", { scope: "/" }).then(function (reg) {
      var offerUpdate = function (worker) {
        notice(msg("update_ready"), msg("update_button"), function () {
          reloading = true;
          worker.postMessage({ type: "skip-waiting" });
        });
      };
      if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg.waiting);
      reg.addEventListener("updatefound", function () {
        var worker = reg.installing;
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
        });
      });
    }).catch(function () {});
  }

  // --- When to send --------------------------------------------------------------------------
  window.addEventListener("online", function () { drain(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") drain();
  });
  window.setInterval(function () { drain(); }, 30000);
  if (window.indexedDB && user) {
    changed();
    drain().then(changed);
  }
  window.gendanOutbox = { drain: function () { return drain().then(changed); }, items: mine };
})();
