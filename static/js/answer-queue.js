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

export function answerQueue({ sessionId, answerUrl, csrf, onResult, keepSent = () => false }) {
  const key = `vc-talk-${sessionId}`;
  const sent = sentLog(sessionId, keepSent);
  const load = () => read(key);
  const store = (queue) => write(key, queue);

  async function send(item) {
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
    const json = (response.headers.get("Content-Type") || "").includes("json") ? await response.json() : null;
    if (json && json.saved) return { outcome: "saved", version: json.version };
    if (response.status === 422 && json) return { outcome: "refused", detail: json.error };
    // Signed out, the lock gone, an expired form: only an adult can help. The answer stays here.
    if (response.type === "opaqueredirect" || [400, 401, 403].includes(response.status)) return { outcome: "adult" };
    return { outcome: "offline" };
  }

  // One run at a time; asking again while one runs waits for that run, which also sends anything
  // added meanwhile. It settles when the queue is empty or a send could not be saved.
  let running = null;
  async function drain() {
    while (load().length) {
      const item = load()[0];
      const result = await send(item);
      if (onResult) onResult(item, result);
      if (result.outcome !== "saved" && result.outcome !== "refused") break;
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
