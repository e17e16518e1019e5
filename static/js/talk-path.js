// The path through one conversation: every step is in the page, in order, and a follow-up is on
// the path only when the answer that leads to it (and its own trigger's, one level up) was given.
// `answers` maps a position to the keys last chosen there; it is read live, never copied.

export function conversationPath(main, answers) {
  const total = Number(main.dataset.total);
  const stepAt = (position) => main.querySelector(`#step-${position}`);

  function reachable(position) {
    let step = stepAt(position);
    while (step && step.dataset.afterPosition) {
      const given = answers[step.dataset.afterPosition] || [];
      if (!step.dataset.afterKeys.split(" ").some((key) => given.includes(key))) return false;
      step = stepAt(step.dataset.afterPosition);
    }
    return Boolean(step);
  }

  function onPath() {
    const path = [];
    for (let each = 1; each <= total; each += 1) if (reachable(each)) path.push(each);
    return path;
  }

  function nextAfter(position) {
    for (let next = position + 1; next <= total; next += 1) if (reachable(next)) return next;
    return "review";
  }

  function followsFrom(position, ancestor) {
    let step = stepAt(position);
    while (step && step.dataset.afterPosition) {
      if (Number(step.dataset.afterPosition) === ancestor) return true;
      step = stepAt(step.dataset.afterPosition);
    }
    return false;
  }

  function matPosition(group) {
    const mat = main.querySelector(`section.step[data-type="sort_mat"][data-group="${group}"]`);
    return mat ? Number(mat.dataset.position) : null;
  }

  return { stepAt, reachable, onPath, nextAfter, followsFrom, matPosition };
}
