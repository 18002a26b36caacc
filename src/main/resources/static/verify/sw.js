// The scan page's service worker: keeps the page, its script, the QR decoder and the two signed lists, so that the
// page opens and verifies with no network. Everything it keeps is asked of the network first, so that a phone online
// always has today's lists; offline it answers from what it kept.
const CACHE = 'certhub-scan-v1';
const KEPT = [
  '/verify/scan',
  '/verify/scan.js',
  '/vendor/jsqr/dist/jsQR.js',
  '/css/verify.css',
  '/verify/manifest.json',
  '/verify/icon-192.png',
  '/.well-known/certhub/trust-list',
  '/.well-known/certhub/status-list',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(KEPT)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith('/fonts/')) {
    // the page's fonts: a font's URL names what it holds, so a kept one is always right
    event.respondWith(caches.open(CACHE).then((cache) => cache.match(event.request).then((kept) => kept
      || fetch(event.request).then((response) => {
        if (response.ok) cache.put(event.request, response.clone());
        return response;
      }))));
    return;
  }
  if (!KEPT.includes(url.pathname)) {
    return;
  }
  // kept under its path alone: the page in either language, the lists whatever they were asked with
  const key = url.origin + url.pathname;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(key, copy));
        }
        return response;
      })
      .catch(() => caches.match(key).then((kept) => kept || Response.error())));
});
