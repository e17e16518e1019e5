// After unlocking: send any answers still waiting on this tablet for this conversation, then show
// the page again with them (and any worry among them) in it.
import { answerQueue } from "./answer-queue.js";
import { forgetOffline } from "./offline.js";

const holder = document.querySelector("[data-pending-session]");
if (holder) {
  const doneKey = `vc-pending-done-${holder.dataset.pendingSession}`;
  const queue = answerQueue({
    sessionId: holder.dataset.pendingSession,
    answerUrl: holder.dataset.answerUrl,
    csrf: holder.dataset.csrf,
  });
  queue.forgetSent();  // out of child mode: no page here resumes a conversation
  forgetOffline(holder.dataset.pendingSession);  // nor is its offline copy needed (the worker forgets it too)
  if (sessionStorage.getItem(doneKey)) {
    sessionStorage.removeItem(doneKey);
    holder.hidden = false;
    holder.textContent = holder.dataset.msgDone;
  } else if (queue.load().length) {
    holder.hidden = false;
    queue.flush().then(() => {
      if (queue.load().length) {
        holder.textContent = holder.dataset.msgStill;
      } else {
        sessionStorage.setItem(doneKey, "1");
        window.location.reload();
      }
    });
  }
}
