// Drawing child mode: showing one step at a time, the respondent's answers as their own speech
// bubbles, the review, progress, the status line and the display choices kept on this tablet.
// Only the page changes here; what to show is decided in talk-state.js.

import { placeCard } from "./talk-mat.js";
import { SETTLE_MS } from "./talk-state.js";

const PREFS_KEY = "vc-talk-display";

export class ConversationDrawing {
  constructor(main, path) {
    this.main = main;
    this.path = path;
    this.readyTimer = null;
    // A list of words as the conversation's language says it ("a, b and c").
    this.lists = "ListFormat" in Intl ? new Intl.ListFormat(main.dataset.lang, { type: "conjunction" }) : null;
  }

  message(name) {
    return this.main.dataset[`msg${name}`] || "";
  }

  listOf(words) {
    return this.lists ? this.lists.format(words) : words.join(", ");
  }

  section(where) {
    if (where === "ready") return this.main.querySelector("#ready");
    if (where === "review") return this.main.querySelector("#review");
    if (where === "thanks") return this.main.querySelector("#thanks");
    if (where === null) return this.main.querySelector("section.step:not([hidden])");
    return this.main.querySelector(`#step-${where}`);
  }

  // Show one step (or the review, or thanks) alone, its heading focused; the page says it is
  // ready for a tap once the step has settled. Returns what the step says aloud.
  show(where) {
    for (const step of this.main.querySelectorAll("section.step")) step.hidden = true;
    const target = this.section(where);
    target.hidden = false;
    const heading = target.querySelector("h1");
    heading.tabIndex = -1;
    heading.focus();
    this.main.dataset.ready = "no";
    clearTimeout(this.readyTimer);
    this.readyTimer = setTimeout(() => { this.main.dataset.ready = "yes"; }, SETTLE_MS);
    for (const button of target.querySelectorAll("button")) button.disabled = false;
    const observed = this.main.querySelector("[data-observe-position]");
    if (observed) observed.value = Number(where) || "";
    if (where === "review") this.refreshReview();
    if (Number(where)) this.showProgress(target, Number(where));
    return this.says(where);
  }

  // What a screen says aloud when it appears: its question (or words), its card's label, and any words after.
  says(where) {
    const section = this.section(where);
    const heading = section && section.querySelector("h1");
    if (!heading) return [];
    const card = section.querySelector(".card[data-label]");
    return [heading.dataset.speak, card && card.dataset.label, heading.dataset.speakAfter];
  }

  // "Question 3 of 7" and the dots count the questions on this path. The sentence comes translated
  // with stand-in numbers (1000001 and 2000002), which are swapped for the real ones.
  showProgress(step, position) {
    const path = this.path.onPath();
    const words = step.querySelector(".progress__words");
    const sentence = this.message("Progress");
    if (words && sentence) {
      words.textContent = sentence.replace("1000001", path.indexOf(position) + 1).replace("2000002", path.length);
    }
    for (const dot of step.querySelectorAll("[data-dot]")) {
      const at = Number(dot.dataset.dot);
      dot.hidden = !path.includes(at);
      dot.classList.toggle("dot--done", at < position);
      dot.classList.toggle("dot--now", at === position);
    }
  }

  // An answer just given: its form waits, the card goes onto its mat, and bubbles of follow-ups
  // that an answer changed away from leave the path too.
  answered(form, step, keys) {
    for (const button of form.querySelectorAll("button")) button.disabled = true;
    form.reset();
    this.placeCard(step, keys);
    for (const bubble of this.main.querySelectorAll(".bubble[data-position]")) {
      bubble.hidden = !this.path.reachable(Number(bubble.dataset.position));
    }
  }

  placeCard(step, keys) {
    placeCard(this.main, step, keys);
  }

  addBubble(item, how) {
    const bubble = document.createElement("li");
    bubble.className = "bubble";
    bubble.dataset.position = item.position;
    bubble.dataset.key = item.idempotency_key;
    const words = document.createElement("span");
    words.className = "bubble__words";
    for (const source of item.pictures.filter(Boolean)) {
      const picture = document.createElement("img");
      picture.src = source;
      picture.alt = "";
      picture.width = picture.height = 40;
      words.append(picture, " ");
    }
    words.append(this.listOf(item.labels));
    if (item.said) words.append(` “${item.said}”`);
    const mark = document.createElement("span");
    mark.className = "bubble__saved";
    bubble.append(words, mark);
    this.main.querySelector("[data-bubbles]").append(bubble);
    this.markBubble(item, how);
  }

  markBubble(item, how, detail) {
    const bubble = this.main.querySelector(`.bubble[data-key="${item.idempotency_key}"]`);
    if (!bubble) return;
    bubble.classList.toggle("bubble--waiting", how === "waiting" || how === "unsaved");
    bubble.classList.toggle("bubble--refused", how === "refused");
    bubble.querySelector(".bubble__saved").textContent =
      { saved: this.message("Saved"), waiting: this.message("Waiting"), refused: this.message("Refused"),
        preview: this.message("Preview"), unsaved: this.message("NotSavedYet") }[how];
    let why = bubble.querySelector(".bubble__why");
    if (detail && !why) {
      why = document.createElement("span");
      why.className = "bubble__why";
      bubble.append(why);
    }
    if (why) why.textContent = detail || "";
  }

  refreshReview() {
    // A mat is one item holding its cards; it is on the path when its first card is.
    for (const mat of this.main.querySelectorAll("[data-review-mat]")) {
      mat.hidden = !this.path.reachable(Number(mat.dataset.reviewMat));
    }
    for (const row of this.main.querySelectorAll("[data-review-list] [data-position]")) {
      row.hidden = !this.path.reachable(Number(row.dataset.position));
      const bubbles = this.main.querySelectorAll(`.bubble[data-position="${row.dataset.position}"]`);
      if (bubbles.length) {
        row.querySelector(".review__answer").textContent =
          bubbles[bubbles.length - 1].querySelector(".bubble__words").textContent.trim();
      }
    }
  }

  arm(choice) {
    for (const other of this.main.querySelectorAll(".choice--armed")) other.classList.remove("choice--armed");
    choice.classList.add("choice--armed");
  }

  showPending(waiting) {
    const pending = this.main.querySelector("[data-pending]");
    if (pending) pending.hidden = waiting === 0;
  }

  // For the adult: the server cannot save, and how many answers wait on this tablet (none: hidden).
  // The sentence comes translated with a stand-in number (1000001), swapped for the real one.
  showCannotSave(waiting) {
    const note = this.main.querySelector("[data-cannot-save]");
    if (!note) return;
    note.hidden = waiting === 0;
    note.textContent = waiting ? this.message("CannotSave").replace("1000001", waiting) : "";
  }

  status(text) {
    this.main.querySelector("[data-status-line]").textContent = text;
  }

  // The helping form saves itself when its box is ticked, so its own button is not needed.
  hideHelpingSave() {
    const helping = this.main.querySelector("[data-helping-form]");
    if (helping) helping.querySelector("[data-helping-save]").hidden = true;
  }

  // --- the respondent's display choices, kept on this tablet ---
  toggleDisplay(button, force) {
    const on = document.documentElement.classList.toggle(button.dataset.toggleClass, force);
    button.setAttribute("aria-pressed", String(on));
    const prefs = [...this.main.querySelectorAll("[data-toggle-class][aria-pressed=true]")].map((b) => b.dataset.toggleClass);
    localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
  }

  restoreDisplay() {
    for (const name of JSON.parse(localStorage.getItem(PREFS_KEY) || "[]")) {
      const button = this.main.querySelector(`[data-toggle-class="${name}"]`);
      if (button) this.toggleDisplay(button, true);
    }
  }
}
