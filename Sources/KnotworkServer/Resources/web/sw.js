// Keeps the app shell, the catalog and every drawing once seen, for starts without the server
// (screening and the body map work from them, and a plan's steps keep their pictures); the rest
// of the API always goes to the server. The clearance
// (/api/v1/screening) above all is never cached or served from a cache: it must be fresh.
// The accounts screens (accounts.js, .html, .css) are not in the shell, which one person's server
// would fetch in vain: a server with accounts has them cached the first time they load.
const CACHE = "knotwork-v5";
const SHELL = ["/", "/app.js", "/app.css", "/manifest.webmanifest", "/icon.svg"];
const CACHED_API = new Set(["/api/v1/catalog"]);
const cachedAPI = (path) => CACHED_API.has(path) || path.startsWith("/api/v1/drawings/");
self.addEventListener("install", (e) => e.waitUntil(caches.open(CACHE)
  .then((c) => c.addAll(SHELL).then(() => c.add("/api/v1/catalog").catch(() => {})))
  .then(() => self.skipWaiting())));
self.addEventListener("activate", (e) => e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim())));
self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== location.origin || (url.pathname.startsWith("/api/") && !cachedAPI(url.pathname))) return;
  e.respondWith(fetch(e.request)
    .then((r) => { if (r.ok) { const copy = r.clone(); caches.open(CACHE).then((c) => c.put(e.request, copy)); } return r; })
    .catch(() => caches.match(e.request).then((r) => r || (e.request.mode === "navigate" ? caches.match("/") : Response.error()))));
});
