// The answers waiting on this tablet for one conversation: kept in the browser until the server
// has them, sent one at a time in the order given, each with the key made when it was given, so a
// repeat stores nothing new. Used by child mode, and by the summary page after unlocking.
//
// An answer the server has saved is kept a little longer, with the version the server gave it, in
// a second list: a page drawn while that answer was still on its way (a reload just as it was
// sent) does not show it, and child mode then carries on after it instead of asking it again.

const SENT_KEPT = 50;

export function answerQueue({ sessionId, answerUrl, csrf, onResult }) {
  const key = `vc-talk-${sessionId}`;
  const sentKey = `vc-talk-${sessionId}-sent`;
  const read = (name) => JSON.parse(localStorage.getItem(name) || "[]");
  const write = (name, list) => (list.length ? localStorage.setItem(name, JSON.stringify(list)) : localStorage.removeItem(name));
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
      if (result.outcome === "saved") write(sentKey, [...read(sentKey), { ...item, version: result.version }].slice(-SENT_KEPT));
      store(load().filter((waiting) => waiting.idempotency_key !== item.idempotency_key));
    }
  }

  // The saved answers that a page knowing `versions` (position -> newest version it shows) was
  // drawn without, in the order given. Those it shows are forgotten.
  function unseen(versions) {
    const missing = read(sentKey).filter((item) => !((versions[item.position] || 0) >= item.version));
    write(sentKey, missing);
    return missing;
  }
  const forgetSent = () => write(sentKey, []);
  function flush() {
    if (!running) running = drain().finally(() => { running = null; });
    return running;
  }

  return { load, flush, unseen, forgetSent, add: (item) => store([...load(), item]) };
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID().replaceAll("-", "");
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
