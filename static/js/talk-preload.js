// What the next screens will say, so that their recordings are fetched while the respondent answers
// this one and the next question is heard the moment an answer is given: after the ready screen, the
// hello and the first question; after a step, the next step on the path and any follow-up this step's
// answer could open; after the review, the thanks.

export function upcomingTexts(talk, where) {
  const { main, draw, state } = talk;
  if (where === "ready") return [main.querySelector("#ready-title").dataset.hello, ...draw.says(state.afterReady)];
  if (where === "review") return draw.says("thanks");
  if (!Number(where)) return [];
  const followUps = [...main.querySelectorAll(`section.step[data-after-position="${where}"]`)]
    .map((step) => Number(step.dataset.position));
  return [state.path.nextAfter(where), ...followUps].flatMap((next) => draw.says(next));
}
