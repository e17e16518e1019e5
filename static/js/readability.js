// The plain-words hint: as someone types into a box marked data-readability-level, say how easy
// it is to read for that reader, with long sentences and long words named. The server decides
// (the same check that guards marking a letter ready); this only asks and shows the answer.

const DELAY_MS = 400;

export function watchReadability(root = document) {
  for (const box of root.querySelectorAll("[data-readability-level]")) watch(box);
}

function watch(box) {
  const hint = document.getElementById(box.dataset.readabilityHint || `${box.id}-readability`);
  if (!hint) return;
  const form = box.closest("form");
  const token = form && form.querySelector("input[name=csrf_token]");
  let timer = null;
  let asked = 0;
  async function ask() {
    const mine = ++asked;
    try {
      const response = await fetch(box.dataset.readabilityUrl || "/readability", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json",
                   "X-CSRFToken": token ? token.value : "" },
        body: JSON.stringify({ text: box.value, level: box.dataset.readabilityLevel,
                               language: box.dataset.readabilityLanguage || "en" }),
      });
      if (!response.ok || mine !== asked) return;
      const result = await response.json();
      hint.textContent = result.message;
      hint.dataset.rating = result.rating;
    } catch {
      // No network: the hint is a help, not a gate; the check runs again on the server when saved.
    }
  }
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(ask, DELAY_MS);
  });
  if (box.value.trim()) ask();
}

watchReadability();
