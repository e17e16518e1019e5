// After unlocking: send any answers still waiting on this tablet for this conversation.
import { answerQueue } from "./answer-queue.js";

const holder = document.querySelector("[data-pending-session]");
if (holder) {
  const queue = answerQueue({
    sessionId: holder.dataset.pendingSession,
    answerUrl: holder.dataset.answerUrl,
    csrf: holder.dataset.csrf,
  });
  const waiting = queue.load().length;
  if (waiting) {
    holder.hidden = false;
    queue.flush().then(() => {
      holder.textContent = queue.load().length ? holder.dataset.msgStill : holder.dataset.msgDone;
    });
  }
}
