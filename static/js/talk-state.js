// Where a child-mode conversation is and what comes next: the answers given, the step on screen,
// and the flags that guard a tap (settling after a new step, armed for a second tap, changing an
// answer from the review, finishing once the last answers are saved). No drawing here: this
// decides, talk-draw.js shows.

import { conversationPath } from "./talk-path.js";

// A tap that lands on the next step as it appears (a double tap) must not answer it too.
export const SETTLE_MS = 500;

const WAYS = { keyboard: "keyboard", switch: "switch", dwell: "dwell" };
const DIRECT = new Set(["switch", "dwell", "drag"]);

export class ConversationState {
  constructor(main) {
    this.answers = JSON.parse(main.dataset.answers || "{}");  // position -> the keys last chosen there
    this.path = conversationPath(main, this.answers);  // a follow-up appears only when what leads to it was given
    this.changing = main.dataset.changing === "yes";
    this.confirm = main.dataset.confirm === "yes";
    this.switchUser = main.dataset.access === "switch1" || main.dataset.access === "switch2";
    this.armed = null;  // the choice a first tap armed, when the profile asks for a second
    this.input = "pointer";  // how the last choice was made: pointer, keyboard, switch, dwell, drag
    this.settleUntil = 0;
    this.unlockWarned = false;
    this.where = null;  // a step's position, "ready", "review" or "thanks"; null until one is shown
    this.afterReady = null;  // where the ready screen leads
    this.finishing = null;  // the finish form, pressed while answers were still on their way
  }

  arrive(where, now) {
    this.where = where;
    this.settleUntil = now + SETTLE_MS;
  }

  keyPressed() {
    this.input = this.switchUser ? "switch" : "keyboard";
  }

  // Switch scanning, dwell and dragging choose the target itself: no double tap, no second tap.
  chosenDirectly() {
    return DIRECT.has(this.input);
  }

  isSecondTapOfDoubleTap(timeStamp) {
    return timeStamp < this.settleUntil && !this.chosenDirectly();
  }

  needsSecondTap(choice) {
    return this.confirm && this.armed !== choice && !this.chosenDirectly();
  }

  // The first press of Unlock with answers still waiting only warns.
  warnBeforeUnlock(waiting) {
    if (!waiting || this.unlockWarned) return false;
    this.unlockWarned = true;
    return true;
  }

  howEntered({ keys, said, onBehalf }) {
    if (onBehalf) return "on_behalf";
    if (said && !keys.length) return "typed";
    return WAYS[this.input] || "tapped";
  }

  record(position, keys) {
    this.armed = null;
    this.answers[position] = keys;
  }

  // Where to go after an answer at `position` (recorded first, so the path knows it).
  whereAfter(position, keys) {
    const next = this.path.nextAfter(position);
    const step = this.path.stepAt(position);
    if (keys.includes("stop")) return "thanks";
    if (!this.changing) return next;
    if (step.dataset.type === "sort_card") return this.path.matPosition(step.dataset.group);
    // a changed answer that now leads to a follow-up: ask it, then back to the review
    if (next !== "review" && this.path.followsFrom(next, position) && !(next in this.answers)) return next;
    this.changing = false;
    return "review";
  }

  // Answers given before a reload: carry on after the last one, unless it ended the conversation.
  whereToResume(given, visible) {
    const last = Math.max(...given.map((item) => item.position));
    if (given.some((item) => item.keys.includes("stop"))) return "thanks";
    if (last >= visible) return this.path.nextAfter(last);
    return null;
  }
}
