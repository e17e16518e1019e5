// Child mode: one step at a time, every answer saved the moment it is given, kept in this
// browser while the network is away and sent when it returns. The page works without this
// script (each answer is then an ordinary form post); the script adds speech, offline
// answers and moving between steps without a round trip.
//
// This module joins the parts: talk-state.js decides where the conversation is and goes next,
// talk-draw.js shows it, talk-input.js hears the respondent, answer-queue.js keeps and sends the
// answers, speaker.js speaks (talk-preload.js says what to fetch ahead) and access.js adds switch
// scanning and dwell. The page opens on the ready screen: the respondent's first tap, switch press or
// dwell lets the browser play sound, the guide says hello, and the conversation goes on from there.

import { setUpAccess } from "./access.js";
import { answerQueue, newKey } from "./answer-queue.js";
import { endOffline, hasCopy, setUpOffline } from "./offline.js";
import { textSpeaker } from "./speaker.js";
import { ConversationDrawing } from "./talk-draw.js";
import { answerFrom, chooser, listen } from "./talk-input.js";
import { upcomingTexts } from "./talk-preload.js";
import { ConversationState } from "./talk-state.js";

const main = document.querySelector("main.talk[data-session]");
if (main) {
  startConversation(main);
}

function startConversation(main) {
  const state = new ConversationState(main);
  const draw = new ConversationDrawing(main, state.path);
  const talk = { main, state, draw, preview: main.dataset.preview === "yes",
                 speak: textSpeaker(JSON.parse(main.dataset.audio || "{}"), main.dataset.lang) };
  // the waiting answers: only this conversation's, removed once the server has them
  talk.queue = answerQueue({
    sessionId: main.dataset.session, answerUrl: main.dataset.answerUrl, csrf: main.dataset.csrf,
    onResult: (item, result) => heard(talk, item, result),
    keepSent: () => hasCopy(main.dataset.session),  // the offline copy's page may be older than they are
  });
  talk.waiting = talk.preview ? () => [] : talk.queue.load;
  talk.access = setUpAccess(main, {
    currentSection: () => draw.section(state.where), choose: chooser(state),
    speak: (...texts) => talk.speak(...texts), status: (text) => draw.status(text), message: (name) => draw.message(name),
  });
  listen(main, state, actionsOf(talk));
  draw.hideHelpingSave();
  main.dataset.ready = "yes";
  draw.restoreDisplay();
  greet(talk, resume(talk));
  window.addEventListener("online", () => flush(talk));
  setInterval(() => flush(talk), 4000);
  flush(talk);
  setUpOffline(main, JSON.parse(main.dataset.audio || "{}"));
}

// What each thing the respondent (or the adult) does leads to.
function actionsOf(talk) {
  const { main, state, draw } = talk;
  return {
    preview: talk.preview,
    ready: () => show(talk, state.afterReady, main.querySelector("#ready-title").dataset.hello),
    answer: (form, submitter) => answer(talk, form, submitter),
    arm: (choice) => {
      draw.arm(choice);
      state.armed = choice;
      draw.status(draw.message("Armed"));
      talk.speak(choice.dataset.label);
    },
    warnBeforeUnlock: () => {
      if (!state.warnBeforeUnlock(talk.waiting().length > 0)) return false;
      draw.status(draw.message("Unsaved"));
      flush(talk);
      return true;
    },
    holdFinish: (form) => {
      if (!talk.waiting().length) return false;
      draw.status(draw.message("Waiting"));
      state.finishing = form;
      flush(talk);
      return true;
    },
    finishPreview: () => show(talk, "thanks"),
    change: (position) => {
      state.changing = true;
      show(talk, position);
    },
    hear: (text) => talk.speak(text),
    toggleDisplay: (button) => draw.toggleDisplay(button),
    saveHelping: () => saveHelping(talk.main),
    observe: (form) => observe(talk, form),
  };
}

function show(talk, where, ...firstSay) {
  talk.state.arrive(where, performance.now());
  const says = talk.draw.show(where);
  if (where === "thanks") talk.draw.showPending(talk.waiting().length);
  talk.speak(...firstSay, ...says);
  talk.speak.preload(...upcomingTexts(talk, where));
  talk.access.newScreen();
}

// The ready screen first, where the conversation goes on (`where`, or the step the page shows); not
// once it has ended, when the thanks is said again (the browser may refuse: then it is only shown).
function greet(talk, where) {
  const { main, state } = talk;
  if (main.dataset.ended === "yes" || !main.querySelector("#ready")) {
    if (where !== null || main.dataset.ended === "yes") show(talk, where ?? "thanks");
    else talk.access.newScreen();
    return;
  }
  const shown = main.querySelector("section.step:not([hidden])");
  state.afterReady = where ?? (shown.dataset.position ? Number(shown.dataset.position) : shown.id);
  show(talk, "ready");  // nothing is said yet: the browser allows sound only after a gesture
}

function answer(talk, form, submitter) {
  const { state, draw } = talk;
  const item = answerFrom(form, submitter, state, talk.main.querySelector("[data-on-behalf]"));
  if (!item) {
    draw.status(draw.message("Empty"));
    return;
  }
  if (talk.preview) {
    draw.addBubble(item, "preview");
  } else {
    talk.queue.add(item);
    draw.addBubble(item, talk.cannotSave ? "unsaved" : "waiting");
  }
  state.record(item.position, item.keys);
  draw.answered(form, state.path.stepAt(item.position), item.keys);
  show(talk, state.whereAfter(item.position, item.keys), ...item.labels);  // each label has its own recording
  if (!talk.preview) flush(talk);
}

// What the server said of an answer, on its bubble; heard, not only seen, when it needs an adult.
// A server that cannot save is told calmly to the child ("Not saved yet, keep going") and plainly
// to the adult (the server cannot save; how many answers wait here); the answers stay and are sent later.
function heard(talk, item, result) {
  const { draw } = talk;
  const mark = { saved: "saved", refused: "refused", offline: "waiting", adult: "waiting", retry: "waiting",
                 unavailable: "unsaved" }[result.outcome];
  draw.markBubble(item, mark, result.detail);
  if (result.outcome === "adult") draw.status(draw.message("Adult"));
  if (result.outcome === "refused") draw.status(result.detail || draw.message("Refused"));
  if (result.outcome === "unavailable" && !talk.cannotSave) draw.status(draw.message("NotSavedYet"));
  if (result.outcome === "unavailable") talk.cannotSave = true;
  if (result.outcome === "saved" || result.outcome === "refused") talk.cannotSave = false;
  draw.showCannotSave(talk.cannotSave ? talk.waiting().length : 0);
}

async function flush(talk) {
  await talk.queue.flush();
  talk.draw.showPending(talk.waiting().length);
  talk.draw.showCannotSave(talk.cannotSave ? talk.waiting().length : 0);
  if (talk.state.where === "thanks" && !talk.waiting().length) endOffline(talk.main);  // nothing left to keep
  // "Yes, I have finished" pressed while answers were still on their way: finish once they are saved.
  if (talk.state.finishing && !talk.waiting().length) {
    const form = talk.state.finishing;
    talk.state.finishing = null;
    form.submit();
  }
}

// Resume: answers given before a reload come back, and we carry on after them: those still
// waiting, and those saved while this page was being drawn (so it could not show them). Returns
// where to carry on, or null for the step the page shows.
function resume(talk) {
  const { main, queue, state, draw } = talk;
  const ended = main.dataset.ended === "yes";
  if (ended) queue.forgetSent();
  const unseen = talk.preview ? [] : queue.unseen(JSON.parse(main.dataset.versions || "{}"));
  const given = [...unseen.map((item) => [item, "saved"]), ...talk.waiting().map((item) => [item, "waiting"])];
  for (const [item, how] of given) {
    draw.addBubble(item, how);
    state.record(item.position, item.keys);
    draw.placeCard(state.path.stepAt(item.position), item.keys);
  }
  if (!given.length || ended) return null;
  return state.whereToResume(given.map(([item]) => item), Number(main.dataset.visible));
}

function saveHelping(main) {
  const helping = main.querySelector("[data-helping-form]");
  fetch(helping.action, { method: "POST", credentials: "same-origin", body: new FormData(helping),
                          headers: { Accept: "application/json" } }).catch(() => {});
}

// An adult's note of what they noticed, saved without leaving the conversation.
async function observe(talk, form) {
  const { main, draw } = talk;
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
    draw.status(json.saved ? draw.message("Noted") : json.error);
    if (json.saved) {
      form.elements.text.value = "";
      form.elements.idempotency_key.value = newKey();
    }
  } catch {
    draw.status(draw.message("NotNoted"));
  } finally {
    button.disabled = false;
  }
}
