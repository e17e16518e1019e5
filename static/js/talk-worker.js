// Child mode's offline worker. While a conversation runs, a tablet that has lost the network (a
// reload, the tab closed and opened again) is answered from the copy kept when the conversation
// started (offline.js): its page, scripts, pictures and audio. Online, a conversation page comes
// from the server and refreshes the copy; everything else goes straight to the network as before.
// The copy goes when the adult unlocks; at sign-out Clear-Site-Data removes this worker and all
// it kept. Answers are never handled here: they wait in the page's own queue (answer-queue.js).

const COPY = "vc-talk-";
const TALK_PAGE = /^\/talk\/(\d+)(?:\/change\/\d+)?$/;
const UNLOCK = /^\/talk\/(\d+)\/unlock$/;
const fromCopy = new Set();  // the pages drawn from a copy: what they ask for comes from it too

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    const talk = url.pathname.match(TALK_PAGE);
    if (request.method === "GET" && talk) event.respondWith(conversationPage(event, talk[1]));
    const unlocking = url.pathname.match(UNLOCK);
    if (request.method === "POST" && unlocking) event.respondWith(unlock(request, unlocking[1]));
    return;
  }
  if (request.method !== "GET") return;
  if (!fromCopy.has(event.clientId) && self.navigator.onLine) return;
  event.respondWith(copyOrNetwork(request));
});

// The server's page when it answers; the copy when it cannot be reached.
async function conversationPage(event, sessionId) {
  const { request } = event;
  const name = COPY + sessionId;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !response.redirected && await caches.has(name)) {
      await (await caches.open(name)).put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await caches.open(name).then((cache) => cache.match(request).then((hit) => hit || cache.match(`/talk/${sessionId}`)));
    if (!kept) throw error;
    fromCopy.add(event.resultingClientId);
    return kept;
  }
}

async function copyOrNetwork(request) {
  const kept = await caches.match(request, { ignoreVary: true });
  return kept || fetch(request);
}

// The unlock form sent: a redirect means the password was right and the conversation is over on
// this tablet, so its copy goes (the answers still waiting stay in the page's queue).
async function unlock(request, sessionId) {
  const response = await fetch(request);
  if (response.type === "opaqueredirect" || response.redirected) await forget(sessionId);
  return response;
}

async function forget(sessionId) {
  await caches.delete(COPY + sessionId);
  const left = (await caches.keys()).filter((name) => name.startsWith(COPY));
  if (!left.length) await self.registration.unregister();
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.forget) event.waitUntil(forget(String(event.data.forget)));
});
