/* Gendan service worker {{ version }}: the app shell from the cache, pages network-first with
   the last copy as the fallback. Served from the site root by webapp/pwa/views.py. */
"use strict";

const VERSION = "{{ version }}";
const SHELL = "gendan-shell-" + VERSION;
const PAGES = "gendan-pages";
const SHELL_URLS = {{ (shell + [offline_url]) | tojson }};
const OFFLINE_URL = {{ offline_url | tojson }};
const LOGIN_URL = {{ login_url | tojson }};
const NETWORK_TIMEOUT_MS = 6000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)));
  // No skipWaiting here: the page asks the user first, then sends "skip-waiting".
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith("gendan-shell-") && n !== SHELL)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skip-waiting") self.skipWaiting();
  // Signing out or another user on this phone: the copies of their pages go.
  if (data.type === "clear-pages") event.waitUntil(caches.delete(PAGES));
  // Pages every user needs offline although they may not have opened them yet (the outbox list).
  if (data.type === "save-pages") {
    event.waitUntil(Promise.all((data.urls || []).map(async (url) => {
      const target = new URL(url, self.location.origin);
      if (target.origin !== self.location.origin) return;
      const response = await fetch(target, { credentials: "same-origin" });
      const loginPage = new URL(response.url).pathname === LOGIN_URL;
      if (response.ok && !response.redirected && !loginPage) await savePage(new Request(target), response);
    })).catch(() => {}));
  }
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((r) => { clearTimeout(timer); resolve(r); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

// A page served from the cache carries the time it was saved, so the page can say how old it is.
async function fromCache(request) {
  const cache = await caches.open(PAGES);
  const hit = await cache.match(request, { ignoreVary: true });
  if (!hit) return null;
  const savedAt = hit.headers.get("X-Gendan-Saved-At") || "";
  const html = (await hit.text()).replace("<body ", '<body data-cached-at="' + savedAt + '" ');
  return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function savePage(request, response) {
  const headers = new Headers(response.headers);
  headers.set("X-Gendan-Saved-At", new Date().toISOString());
  const body = await response.clone().blob();
  const cache = await caches.open(PAGES);
  await cache.put(request, new Response(body, { status: response.status, headers }));
}

async function page(event) {
  const request = event.request;
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    const type = response.headers.get("Content-Type") || "";
    const loginPage = new URL(response.url).pathname === LOGIN_URL;
    if (response.ok && !response.redirected && !loginPage && type.startsWith("text/html")) {
      event.waitUntil(savePage(request, response));
    }
    return response;
  } catch (err) {
    const cached = await fromCache(request);
    if (cached) return cached;
    const offline = await caches.match(OFFLINE_URL);
    return offline || Response.error();
  }
}

async function shellFile(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL);
    cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // writes go to the network; the outbox handles failures
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(shellFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  }
  // Everything else (htmx fragments, photos, API reads) goes to the network as usual.
});
