// The order switch scanning moves in, and its groups for row-column scanning.
//
// Order: the targets as the page has them, except that a target marked `data-scan-first` ("Yes, I
// have finished" on the review) comes first and "Hear it again" last (the question has just been
// spoken; the answers come before a replay).
// Linear: each target is a group of its own. Rows: on a screen with more than GROUP_OVER targets,
// each row of pictures as drawn is a group, so are the other answers and the review's answers
// ("Change" inside), and any other target stands alone; a press enters a group, then its items.

export const GROUP_OVER = 6;
const CONTAINERS = ".choices, .always, [data-scan-group]";

export function scanOrder(targets) {
  const first = targets.filter((target) => target.matches("[data-scan-first]"));
  const last = targets.filter((target) => target.matches("button.hear"));
  const middle = targets.filter((target) => !first.includes(target) && !last.includes(target));
  return [...first, ...middle, ...last];
}

// Groups of targets, each `{ items }`, in scanning order.
export function scanGroups(targets, pattern) {
  const ordered = scanOrder(targets);
  if (pattern !== "rows" || ordered.length <= GROUP_OVER) return ordered.map((target) => ({ items: [target] }));
  const groups = [];
  let previous = null;
  for (const target of ordered) {
    const place = placeOf(target);
    if (previous && place && sameGroup(previous, place)) groups[groups.length - 1].items.push(target);
    else groups.push({ items: [target] });
    previous = place;
  }
  return groups;
}

// Where a target sits: its container, and for pictures laid out in a grid, the row it is drawn on.
function placeOf(target) {
  const container = target.closest(CONTAINERS);
  if (!container) return null;
  const box = target.getBoundingClientRect();
  return { container, top: box.top, height: box.height, grid: container.matches(".choices") };
}

function sameGroup(one, other) {
  if (one.container !== other.container) return false;
  return !one.grid || Math.abs(one.top - other.top) < Math.max(8, Math.min(one.height, other.height) / 2);
}

// A short note as a group is highlighted, higher for each group down the screen, so a child who cannot
// see the highlight well hears which row it is on. Made in the page (no file is fetched); it sounds
// once the ready screen's gesture has let the page play sound.
export function groupCue(player, index) {
  const Sound = window.AudioContext || window.webkitAudioContext;
  if (!Sound) return player;
  const sound = player || new Sound();
  if (sound.state === "suspended") sound.resume().catch(() => {});
  const now = sound.currentTime;
  const note = sound.createOscillator();
  const volume = sound.createGain();
  note.frequency.value = 330 * 2 ** (index / 5);
  volume.gain.setValueAtTime(0.2, now);
  volume.gain.exponentialRampToValueAtTime(0.001, now + 0.18);
  note.connect(volume).connect(sound.destination);
  note.start(now);
  note.stop(now + 0.2);
  return sound;
}
