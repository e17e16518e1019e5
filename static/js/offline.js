// A copy of a running conversation kept on the tablet for talk-worker.js: its page, scripts, styles,
// pictures and audio, made when the conversation starts, so that a reload or a tab opened again
// without a network shows the conversation where it was. A copy that cannot be kept (no room,
// storage refused, no worker) is given up and the conversation carries on online. Nothing of it
// stays once the conversation has ended or the adult has unlocked.

const COPY = "vc-talk-";
const supported = () => "serviceWorker" in navigator && "caches" in window;
const marker = (sessionId) => `${COPY}${sessionId}-offline`;

// Whether this tablet keeps a copy of the conversation (known at once, before any page is drawn).
export const hasCopy = (sessionId) => localStorage.getItem(marker(sessionId)) === "kept";

// Every address the conversation may need: what the page has loaded so far, every picture on any
// step, and every clip of speech.
function addresses(main, audio) {
  const loaded = performance.getEntriesByType("resource").map((entry) => entry.name)
    .filter((name) => /^\/(static|symbols)\//.test(new URL(name).pathname));
  const pictures = [...main.querySelectorAll("img[src]")].map((img) => img.getAttribute("src"))
    .concat([...main.querySelectorAll("[data-picture]")].map((node) => node.dataset.picture));
  const all = [location.pathname, ...loaded, ...pictures, ...Object.values(audio)].filter(Boolean);
  return [...new Set(all.map((address) => new URL(address, location.href).href))];
}

async function fill(name, wanted) {
  const cache = await caches.open(name);
  const kept = new Set((await cache.keys()).map((request) => request.url));
  await cache.addAll(wanted.filter((address) => !kept.has(address)));
}

export async function keepOffline(main, audio) {
  if (!supported()) return false;
  const name = COPY + main.dataset.session;
  try {
    await navigator.serviceWorker.register(main.dataset.worker, { scope: main.dataset.workerScope });
    await fill(name, addresses(main, audio));
    localStorage.setItem(marker(main.dataset.session), "kept");
    return true;
  } catch {
    // No room, or storage refused: the conversation goes on online, with nothing half kept.
    await Promise.resolve().then(() => caches.delete(name)).catch(() => {});
    return false;
  }
}

// The conversation has ended or the adult has unlocked: its copy goes, and the worker with the last one.
export async function forgetOffline(sessionId) {
  localStorage.removeItem(marker(sessionId));
  if (!supported()) return;
  try {
    await caches.delete(COPY + sessionId);
    const left = (await caches.keys()).filter((name) => name.startsWith(COPY));
    if (left.length) return;
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
  } catch {
    // storage refused: there is nothing to forget
  }
}

// The conversation has ended on this page (finished, or stopped with every answer saved).
export function endOffline(main) {
  if (main.dataset.offline === "none" || main.dataset.preview === "yes") return;
  main.dataset.offline = "none";
  forgetOffline(main.dataset.session).finally(() => { main.dataset.offline = "forgotten"; });
}

// Child mode's part: a copy while the conversation runs, none once it has ended or in a preview.
export function setUpOffline(main, audio) {
  if (main.dataset.preview === "yes" || !main.dataset.worker) return;
  if (main.dataset.ended === "yes") {
    endOffline(main);
    return;
  }
  keepOffline(main, audio).then((kept) => {
    const ended = ["none", "forgotten"].includes(main.dataset.offline);  // while the copy was being made
    if (ended) forgetOffline(main.dataset.session);
    else main.dataset.offline = kept ? "kept" : "refused";
  });
}
