// Child mode: one step at a time, every answer saved the moment it is given, kept in this
// browser while the network is away and sent when it returns. The page works without this
// script (each answer is then an ordinary form post); the script adds speech, offline
// answers and moving between steps without a round trip.

import { setUpAccess } from "./access.js";
import { answerQueue, newKey } from "./answer-queue.js";
import { allowDragging, placeCard } from "./talk-mat.js";
import { conversationPath } from "./talk-path.js";
import { speaker } from "./talk-speech.js";

// A tap that lands on the next step as it appears (a double tap) must not answer it too.
const SETTLE_MS = 500;

const main = document.querySelector("main.talk[data-session]");
if (main) {
  startConversation(main);
}

function startConversation(main) {
  const onBehalf = main.querySelector("[data-on-behalf]");
  const state = { changing: main.dataset.changing === "yes", armed: null, input: "pointer", settleUntil: 0,
                  unlockWarned: false, where: null, finishing: null, answers: JSON.parse(main.dataset.answers || "{}") };
  const message = (name) => main.dataset[`msg${name}`] || "";
  const preview = main.dataset.preview === "yes";

  // --- the waiting answers: only this conversation's, removed once the server has them ---
  const queue = answerQueue({
    sessionId: main.dataset.session, answerUrl: main.dataset.answerUrl, csrf: main.dataset.csrf,
    onResult: (item, result) => {
      const mark = { saved: "saved", refused: "refused", offline: "waiting", adult: "waiting" }[result.outcome];
      markBubble(item, mark, result.detail);
      if (result.outcome === "adult") status(message("Adult"));
      if (result.outcome === "refused") status(result.detail || message("Refused"));  // heard, not only seen
    },
  });
  const loadQueue = preview ? () => [] : queue.load;

  // A list of words as the conversation's language says it ("a, b and c").
  const lists = "ListFormat" in Intl ? new Intl.ListFormat(main.dataset.lang, { type: "conjunction" }) : null;
  const listOf = (words) => (lists ? lists.format(words) : words.join(", "));

  const speak = speaker(JSON.parse(main.dataset.audio || "{}"), main.dataset.lang);

  // --- showing one thing at a time ---
  function section(where) {
    if (where === "review") return main.querySelector("#review");
    if (where === "thanks") return main.querySelector("#thanks");
    return main.querySelector(`#step-${where}`);
  }
  function show(where, ...firstSay) {
    for (const step of main.querySelectorAll("section.step")) step.hidden = true;
    state.where = where;
    const target = section(where);
    target.hidden = false;
    const heading = target.querySelector("h1");
    heading.tabIndex = -1;
    heading.focus();
    state.settleUntil = performance.now() + SETTLE_MS;
    main.dataset.ready = "no";
    clearTimeout(state.readyTimer);
    state.readyTimer = setTimeout(() => { main.dataset.ready = "yes"; }, SETTLE_MS);
    for (const button of target.querySelectorAll("button")) button.disabled = false;
    const observed = main.querySelector("[data-observe-position]");
    if (observed) observed.value = Number(where) || "";
    if (where === "review") refreshReview();
    if (where === "thanks") updatePending();
    if (Number(where)) path.showProgress(target, Number(where), message("Progress"));
    const card = target.querySelector(".card[data-label]");
    speak(...firstSay, heading.dataset.speak, card && card.dataset.label);
    access.newScreen();
  }

  // --- the path: a follow-up appears only when the answer that leads to it was given ---
  const path = conversationPath(main, state.answers);
  const { stepAt, reachable, nextAfter } = path;

  // --- what the respondent has said, as their own speech bubbles ---
  function addBubble(item, how) {
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
    words.append(listOf(item.labels));
    if (item.said) words.append(` “${item.said}”`);
    const mark = document.createElement("span");
    mark.className = "bubble__saved";
    bubble.append(words, mark);
    main.querySelector("[data-bubbles]").append(bubble);
    markBubble(item, how);
  }
  function markBubble(item, how, detail) {
    const bubble = main.querySelector(`.bubble[data-key="${item.idempotency_key}"]`);
    if (!bubble) return;
    bubble.classList.toggle("bubble--waiting", how === "waiting");
    bubble.classList.toggle("bubble--refused", how === "refused");
    bubble.querySelector(".bubble__saved").textContent =
      { saved: message("Saved"), waiting: message("Waiting"), refused: message("Refused"), preview: message("Preview") }[how];
    let why = bubble.querySelector(".bubble__why");
    if (detail && !why) {
      why = document.createElement("span");
      why.className = "bubble__why";
      bubble.append(why);
    }
    if (why) why.textContent = detail || "";
  }
  function refreshReview() {
    for (const row of main.querySelectorAll(".review__item")) {
      row.hidden = !reachable(Number(row.dataset.position));
      const bubbles = main.querySelectorAll(`.bubble[data-position="${row.dataset.position}"]`);
      if (bubbles.length) {
        row.querySelector(".review__answer").textContent =
          bubbles[bubbles.length - 1].querySelector(".bubble__words").textContent.trim();
      }
    }
  }

  // --- answering ---
  function answer(form, submitter) {
    const position = Number(form.elements.position.value);
    const pressed = submitter && submitter.name === "keys" ? [submitter] : [];
    const ticked = [...form.querySelectorAll("input[name=keys]:checked")];
    const chosen = pressed.length ? pressed : ticked;
    const said = form.elements.said ? form.elements.said.value.trim() : "";
    if (!chosen.length && !said) {
      status(message("Empty"));
      return;
    }
    const keys = chosen.map((element) => element.value);
    const ways = { keyboard: "keyboard", switch: "switch", dwell: "dwell" };
    const item = {
      idempotency_key: newKey(), position, keys, said,
      how: onBehalf && onBehalf.checked ? "on_behalf" : said && !keys.length ? "typed" : ways[state.input] || "tapped",
      labels: chosen.map((element) => (element.dataset.label || element.closest("[data-label]").dataset.label)),
      pictures: chosen.map((element) => element.dataset.picture || ""),
    };
    for (const button of form.querySelectorAll("button")) button.disabled = true;
    if (preview) {
      addBubble(item, "preview");
    } else {
      queue.add(item);
      addBubble(item, "waiting");
    }
    form.reset();
    state.armed = null;
    state.answers[position] = keys;
    placeCard(main, stepAt(position), keys);
    // An answer changed away from a follow-up's trigger: that follow-up's bubble leaves the path too.
    for (const bubble of main.querySelectorAll(".bubble[data-position]")) {
      bubble.hidden = !reachable(Number(bubble.dataset.position));
    }
    const labelsSaid = listOf(item.labels);
    const next = nextAfter(position);
    const step = stepAt(position);
    if (keys.includes("stop")) show("thanks", labelsSaid);
    else if (state.changing && step.dataset.type === "sort_card") show(path.matPosition(step.dataset.group), labelsSaid);
    else if (state.changing && next !== "review" && path.followsFrom(next, position) && !(next in state.answers)) {
      show(next, labelsSaid);  // a changed answer that now leads to a follow-up: ask it, then back to the review
    } else if (state.changing) { state.changing = false; show("review", labelsSaid); }
    else show(next, labelsSaid);
    if (!preview) flush();
  }
  async function flush() {
    await queue.flush();
    updatePending();
    // "Yes, I have finished" pressed while answers were still on their way: finish once they are saved.
    if (state.finishing && !loadQueue().length) {
      const form = state.finishing;
      state.finishing = null;
      form.submit();
    }
  }
  function updatePending() {
    const pending = main.querySelector("[data-pending]");
    if (pending) pending.hidden = loadQueue().length === 0;
  }
  function status(text) {
    main.querySelector("[data-status-line]").textContent = text;
  }

  // --- events: one listener for the whole conversation ---
  const switchUser = main.dataset.access === "switch1" || main.dataset.access === "switch2";
  document.addEventListener("keydown", () => { state.input = switchUser ? "switch" : "keyboard"; });
  document.addEventListener("pointerdown", () => { state.input = "pointer"; });
  // Switch scanning and dwell choose by clicking the highlighted target, as a tap would.
  const access = setUpAccess(main, {
    currentSection: () => (state.where === null ? main.querySelector("section.step:not([hidden])") : section(state.where)),
    choose: (target, how) => {
      state.input = how;
      if (target.matches("label.choice--toggle")) target.querySelector("input").click();
      else target.click();
    },
    speak: (text) => speak(text), status: (text) => status(text), message,
  });
  main.addEventListener("click", (event) => {
    const inStep = event.target.closest("[data-answer-form]");
    const chosenDirectly = state.input === "switch" || state.input === "dwell" || state.input === "drag";
    if (inStep && event.timeStamp < state.settleUntil && !chosenDirectly) {
      event.preventDefault();  // a second tap of a double tap: not an answer to the new question
      return;
    }
    const choice = event.target.closest("button.choice[name=keys]");
    if (choice && main.dataset.confirm === "yes" && state.armed !== choice && !chosenDirectly) {
      event.preventDefault();
      for (const other of main.querySelectorAll(".choice--armed")) other.classList.remove("choice--armed");
      choice.classList.add("choice--armed");
      state.armed = choice;
      status(message("Armed"));
      speak(choice.dataset.label);
      return;
    }
    const unlock = event.target.closest("[data-unlock]");
    if (unlock && loadQueue().length && !state.unlockWarned) {
      event.preventDefault();
      state.unlockWarned = true;
      status(message("Unsaved"));
      flush();
      return;
    }
    if (event.target.closest("[data-print]")) return window.print();
    const toggle = event.target.closest("[data-toggle-class]");
    if (toggle) return toggleClass(toggle);
    const hear = event.target.closest("[data-speak-target]");
    if (hear) return speak(document.getElementById(hear.dataset.speakTarget).dataset.speak);
    const change = event.target.closest("[data-change]");
    if (change) {
      event.preventDefault();
      state.changing = true;
      show(Number(change.dataset.change));
    }
  });
  allowDragging(main, (heading) => {
    state.input = "drag";
    heading.click();
  });
  const helping = main.querySelector("[data-helping-form]");
  if (helping) helping.querySelector("[data-helping-save]").hidden = true;
  main.addEventListener("change", (event) => {
    if (event.target.matches("[data-on-behalf]")) {
      fetch(helping.action, { method: "POST", credentials: "same-origin", body: new FormData(helping),
                              headers: { Accept: "application/json" } }).catch(() => {});
    }
    const ticked = event.target.closest(".choice--toggle input");
    if (ticked && ticked.checked) speak(ticked.closest("[data-label]").dataset.label);
  });
  main.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("[data-answer-form]")) {
      event.preventDefault();
      answer(form, event.submitter);
    } else if (preview) {
      event.preventDefault();  // a preview saves nothing
      if (form.matches("[data-finish-form]")) show("thanks");
    } else if (form.matches("[data-finish-form]") && loadQueue().length) {
      event.preventDefault();
      status(message("Waiting"));
      state.finishing = form;
      flush();
    } else if (form.matches("[data-observe-form]")) {
      event.preventDefault();
      observe(form);
    }
  });
  async function observe(form) {
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch(main.dataset.observeUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": main.dataset.csrf },
        body: JSON.stringify({ position: Number(form.elements.position.value) || null, text: form.elements.text.value,
                               idempotency_key: form.elements.idempotency_key.value }),
      });
      const json = await response.json();
      status(json.saved ? message("Noted") : json.error);
      if (json.saved) {
        form.elements.text.value = "";
        form.elements.idempotency_key.value = newKey();
      }
    } catch {
      status(message("NotNoted"));
    } finally {
      button.disabled = false;
    }
  }

  // --- the respondent's display choices, kept on this tablet ---
  main.dataset.ready = "yes";
  const prefsKey = "vc-talk-display";
  function toggleClass(button, force) {
    const on = document.documentElement.classList.toggle(button.dataset.toggleClass, force);
    button.setAttribute("aria-pressed", String(on));
    const prefs = [...main.querySelectorAll("[data-toggle-class][aria-pressed=true]")].map((b) => b.dataset.toggleClass);
    localStorage.setItem(prefsKey, JSON.stringify(prefs));
  }
  for (const name of JSON.parse(localStorage.getItem(prefsKey) || "[]")) {
    const button = main.querySelector(`[data-toggle-class="${name}"]`);
    if (button) toggleClass(button, true);
  }

  // --- resume: answers given before a reload come back, and we carry on after them: those still
  // waiting, and those saved while this page was being drawn (so it could not show them) ---
  if (main.dataset.ended === "yes") queue.forgetSent();
  const unseen = preview ? [] : queue.unseen(JSON.parse(main.dataset.versions || "{}"));
  const waiting = loadQueue();
  const given = [...unseen.map((item) => [item, "saved"]), ...waiting.map((item) => [item, "waiting"])];
  for (const [item, how] of given) {
    addBubble(item, how);
    state.answers[item.position] = item.keys;
    placeCard(main, stepAt(item.position), item.keys);
  }
  if (given.length && main.dataset.ended !== "yes") {
    const last = Math.max(...given.map(([item]) => item.position));
    if (given.some(([item]) => item.keys.includes("stop"))) show("thanks");
    else if (last >= Number(main.dataset.visible)) show(nextAfter(last));
  } else {
    access.newScreen();
  }
  window.addEventListener("online", flush);
  setInterval(flush, 4000);
  flush();
}
