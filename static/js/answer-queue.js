// The answers waiting on this tablet for one conversation: kept in the browser until the server
// has them, sent one at a time in the order given, each with the key made when it was given, so a
// repeat stores nothing new. Used by child mode, and by the summary page after unlocking.

export function answerQueue({ sessionId, answerUrl, csrf, onResult }) {
  const key = `vc-talk-${sessionId}`;
  const load = () => JSON.parse(localStorage.getItem(key) || "[]");
  const store = (queue) => (queue.length ? localStorage.setItem(key, JSON.stringify(queue)) : localStorage.removeItem(key));

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
    if (json && json.saved) return { outcome: "saved" };
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
      store(load().filter((waiting) => waiting.idempotency_key !== item.idempotency_key));
    }
  }
  function flush() {
    if (!running) running = drain().finally(() => { running = null; });
    return running;
  }

  return { load, flush, add: (item) => store([...load(), item]) };
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID().replaceAll("-", "");
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
