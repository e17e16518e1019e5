// The answers waiting on this tablet for one conversation: kept in the browser until the server
// has them, sent one at a time in the order given, each with the key made when it was given, so a
// repeat stores nothing new. Used by child mode, and by the summary page after unlocking.
//
// An answer the server has saved is kept a little longer, with the version the server gave it, in
// a second list: a page drawn while that answer was still on its way (a reload just as it was
// sent) does not show it, and child mode then carries on after it instead of asking it again.
// Only for two minutes: a page drawn later than that has every answer saved before it, and a
// child's words should not stay on a shared tablet longer than they help.

const SENT_KEPT = 50;
const SENT_FOR_MS = 2 * 60 * 1000;

const read = (name) => JSON.parse(localStorage.getItem(name) || "[]");
const write = (name, list) => (list.length ? localStorage.setItem(name, JSON.stringify(list)) : localStorage.removeItem(name));

// `keepSent`: while it says so (the tablet keeps an offline copy of the conversation, whose page
// may be older still), saved answers are kept until the conversation ends, not two minutes.
function sentLog(sessionId, keepSent) {
  const name = `vc-talk-${sessionId}-sent`;
  const recent = () => read(name).filter((item) => keepSent() || Date.now() - (item.savedAt || 0) < SENT_FOR_MS);
  return {
    add: (item, version) => write(name, [...recent(), { ...item, version, savedAt: Date.now() }].slice(-SENT_KEPT)),
    // The saved answers that a page knowing `versions` (position -> newest version it shows) was
    // drawn without, in the order given. Those it shows are forgotten.
    unseen(versions) {
      const missing = recent().filter((item) => !((versions[item.position] || 0) >= item.version));
      write(name, missing);
      return missing;
    },
    forget: () => write(name, []),
  };
}

// What the server said of one answer, as an outcome the queue acts on:
//   saved        stored (or stored before: a repeat); it leaves the queue
//   refused      the answer itself cannot be stored (422 "invalid"); it leaves the queue, said on its bubble
//   retry        a clash of changes (422 "retry", 409): nothing stored; sent again after a pause
//   unavailable  the server cannot save just now (503, database down or full): sent again after its Retry-After
//   adult        signed out, the lock gone, an expired form: only an adult can help; it stays here
//   offline      no answer at all; it stays here
async function sendAnswer(answerUrl, csrf, item) {
  const { labels, pictures, ...body } = item;
  let response;
  try {
    response = await fetch(answerUrl, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
  } catch {
    return { outcome: "offline" };
  }
  const json = (response.headers.get("Content-Type") || "").includes("json") ? await response.json().catch(() => null) : null;
  const retryAfter = Number(response.headers.get("Retry-After")) || 0;
  if (json && json.saved) return { outcome: "saved", version: json.version };
  if (response.status === 503) return { outcome: "unavailable", retryAfter };
  if (response.status === 409 || (response.status === 422 && json && json.code === "retry")) return { outcome: "retry", retryAfter };
  if (response.status === 422 && json) return { outcome: "refused", detail: json.error };
  if (response.type === "opaqueredirect" || [400, 401, 403].includes(response.status)) return { outcome: "adult" };
  return { outcome: "offline" };
}

// After a "retry" or "unavailable", the next try waits: the server's Retry-After, and at least
// twice as long as last time (up to BACK_OFF_MAX_MS), so a struggling server is not flooded.
const BACK_OFF_FIRST_MS = 1000;
const BACK_OFF_MAX_MS = 15000;

function backOff(retry) {
  const state = { failures: 0, notBefore: 0, timer: null };
  return {
    waiting: () => Date.now() < state.notBefore,
    failed(retryAfterSeconds) {
      state.failures += 1;
      const doubled = Math.min(BACK_OFF_FIRST_MS * 2 ** (state.failures - 1), BACK_OFF_MAX_MS);
      const wait = Math.max(doubled, retryAfterSeconds * 1000);
      state.notBefore = Date.now() + wait;
      clearTimeout(state.timer);
      state.timer = setTimeout(retry, wait + 10);
    },
    succeeded() { state.failures = 0; state.notBefore = 0; },
  };
}

export function answerQueue({ sessionId, answerUrl, csrf, onResult, keepSent = () => false }) {
  const key = `vc-talk-${sessionId}`;
  const sent = sentLog(sessionId, keepSent);
  const load = () => read(key);
  const store = (queue) => write(key, queue);
  const pause = backOff(() => flush());

  // One run at a time; asking again while one runs waits for that run, which also sends anything
  // added meanwhile. It settles when the queue is empty or a send could not be saved.
  let running = null;
  async function drain() {
    while (load().length && !pause.waiting()) {
      const item = load()[0];
      const result = await sendAnswer(answerUrl, csrf, item);
      if (onResult) onResult(item, result);
      if (result.outcome === "retry" || result.outcome === "unavailable") pause.failed(result.retryAfter);
      if (result.outcome !== "saved" && result.outcome !== "refused") break;
      pause.succeeded();
      if (result.outcome === "saved") sent.add(item, result.version);
      store(load().filter((waiting) => waiting.idempotency_key !== item.idempotency_key));
    }
  }

  function flush() {
    if (!running) running = drain().finally(() => { running = null; });
    return running;
  }

  return { load, flush, unseen: sent.unseen, forgetSent: sent.forget, add: (item) => store([...load(), item]) };
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID().replaceAll("-", "");
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
