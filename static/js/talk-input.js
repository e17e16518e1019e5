// Child mode's input: one set of listeners for the whole conversation (click, change, submit and
// dragging a card), how the last choice was made (a tap, a key, a switch, dwell, a drag), and the
// answer a submitted step gives. What each event does is the conversation's `actions` (talk.js).

import { newKey } from "./answer-queue.js";
import { allowDragging } from "./talk-mat.js";

export function listen(main, state, actions) {
  document.addEventListener("keydown", () => state.keyPressed());
  document.addEventListener("pointerdown", () => { state.input = "pointer"; });
  main.addEventListener("click", (event) => onClick(event, state, actions));
  allowDragging(main, (heading) => {
    state.input = "drag";
    heading.click();
  });
  main.addEventListener("change", (event) => onChange(event, actions));
  main.addEventListener("submit", (event) => onSubmit(event, actions));
}

// Switch scanning and dwell choose by clicking the highlighted target, as a tap would.
export function chooser(state) {
  return (target, how) => {
    state.input = how;
    if (target.matches("label.choice--toggle")) target.querySelector("input").click();
    else target.click();
  };
}

function onClick(event, state, actions) {
  const found = (selector) => event.target.closest(selector);
  if (found("[data-answer-form]") && state.isSecondTapOfDoubleTap(event.timeStamp)) {
    event.preventDefault();  // a second tap of a double tap: not an answer to the new question
    return;
  }
  const choice = found("button.choice[name=keys]");
  if (choice && state.needsSecondTap(choice)) {
    event.preventDefault();
    actions.arm(choice);
    return;
  }
  if (found("[data-unlock]") && actions.warnBeforeUnlock()) {
    event.preventDefault();
    return;
  }
  if (found("[data-ready-start]")) return actions.ready();
  if (found("[data-print]")) return window.print();
  const toggle = found("[data-toggle-class]");
  if (toggle) return actions.toggleDisplay(toggle);
  const hear = found("[data-speak-target]");
  if (hear) return actions.hear(document.getElementById(hear.dataset.speakTarget).dataset.speak);
  const change = found("[data-change]");
  if (change) {
    event.preventDefault();
    actions.change(Number(change.dataset.change));
  }
}

function onChange(event, actions) {
  if (event.target.matches("[data-on-behalf]")) actions.saveHelping();
  const ticked = event.target.closest(".choice--toggle input");
  if (ticked && ticked.checked) actions.hear(ticked.closest("[data-label]").dataset.label);
}

function onSubmit(event, actions) {
  const form = event.target;
  if (form.matches("[data-answer-form]")) {
    event.preventDefault();
    actions.answer(form, event.submitter);
  } else if (actions.preview) {
    event.preventDefault();  // a preview saves nothing
    if (form.matches("[data-finish-form]")) actions.finishPreview();
  } else if (form.matches("[data-finish-form]")) {
    if (actions.holdFinish(form)) event.preventDefault();  // answers still on their way: finish once saved
  } else if (form.matches("[data-observe-form]")) {
    event.preventDefault();
    actions.observe(form);
  }
}

// The answer a step's form gives: the choice pressed, or those ticked, and any words typed;
// null when there is none.
export function answerFrom(form, submitter, state, onBehalf) {
  const pressed = submitter && submitter.name === "keys" ? [submitter] : [];
  const ticked = [...form.querySelectorAll("input[name=keys]:checked")];
  const chosen = pressed.length ? pressed : ticked;
  const said = form.elements.said ? form.elements.said.value.trim() : "";
  if (!chosen.length && !said) return null;
  const keys = chosen.map((element) => element.value);
  return {
    idempotency_key: newKey(), position: Number(form.elements.position.value), keys, said,
    how: state.howEntered({ keys, said, onBehalf: Boolean(onBehalf && onBehalf.checked) }),
    labels: chosen.map((element) => (element.dataset.label || element.closest("[data-label]").dataset.label)),
    pictures: chosen.map((element) => element.dataset.picture || ""),
  };
}
