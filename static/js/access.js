// Other ways to choose than a tap: switch scanning (one or two switches) and pointer dwell.
//
// One switch: the targets on the screen are highlighted in turn, every `interval` ms, after
// `delay` ms on each new screen; pressing the switch (Space or Enter, which is how switch
// interfaces arrive in a browser) chooses the highlighted one. After `loops` rounds with no
// press the highlight rests, and the next press starts it again.
// Two switches: Space moves the highlight on, Enter chooses. The order, and row-column scanning
// (a press for the row, then one for the choice in it), are scan-groups.js's.
// Dwell: resting the pointer on a target for `dwell` ms chooses it; a ring fills meanwhile and
// moving away cancels. After a choice, nothing is chosen for a short dead time, and not until the
// pointer has moved, so the next screen's target under a resting pointer is not chosen by accident.

import { groupCue, scanGroups } from "./scan-groups.js";

const DWELL_DEAD_MS = 1000;
const BOUNCE_MS = 50;  // key events closer together than this are one press of a bouncing or held switch
const MOVE_PX = 24;  // how far the pointer must move after a choice before another dwell can start
const TARGETS = "button.choice, label.choice--toggle, a.choice, button.hear";

export function visibleTargets(section) {
  if (!section) return [];
  return [...section.querySelectorAll(TARGETS)].filter((element) => !element.closest("[hidden]") && !element.disabled);
}

export function setUpAccess(main, { currentSection, choose, speak, status, message }) {
  const mode = main.dataset.access;
  if (mode === "switch1" || mode === "switch2") return scanning(main, mode === "switch2", { currentSection, choose, speak, status, message });
  if (mode === "dwell") return dwelling(main, { choose });
  return { newScreen() {} };
}

function label(element) {
  return element.dataset.label || element.getAttribute("aria-label") || element.textContent.trim();
}

function scanning(main, twoSwitches, hooks) {
  const scan = {
    main, twoSwitches, hooks,
    interval: Math.max(250, Number(main.dataset.scanInterval) || 1500),
    loops: Math.max(1, Number(main.dataset.scanLoops) || 3),
    delay: Math.max(0, Number(main.dataset.scanDelay) || 0),
    spoken: main.dataset.scanSpeak === "yes",
    pattern: main.dataset.scanPattern === "rows" ? "rows" : "linear",
    cues: main.dataset.scanCues === "yes",
    // group: the one highlighted; item: null while moving over the groups, else the item inside
    // groups[group] (items.length: nothing highlighted, where a press goes back up to the groups)
    groups: [], group: -1, item: null, moves: 0, total: 0, timer: null, startTimer: null, paused: false, sound: null,
    lastKey: { key: null, at: -Infinity },
  };
  main.classList.add("scanning");
  document.addEventListener("keydown", (event) => pressed(scan, event), true);
  return { newScreen: () => newScreen(scan) };
}

function refresh(scan) {
  scan.groups = scanGroups(visibleTargets(scan.hooks.currentSection()), scan.pattern);
  if (scan.group >= scan.groups.length) scan.group = -1;
  if (scan.item !== null && !scan.groups[scan.group]) scan.item = null;
}

// How many places the highlight moves over where it is: the groups, or a group's items and the way back up.
function places(scan) {
  return scan.item === null ? scan.groups.length : scan.groups[scan.group].items.length + 1;
}

function unhighlight(scan) {
  for (const name of ["scan-highlight", "scan-row", "scan-row--out"]) {
    for (const old of scan.main.querySelectorAll(`.${name}`)) old.classList.remove(name);
  }
}

function highlight(scan) {
  unhighlight(scan);
  const group = scan.groups[scan.group];
  if (!group) return;
  const inside = scan.item !== null;
  const single = !inside && group.items.length === 1;
  if (!single) for (const item of group.items) item.classList.add("scan-row");
  const target = single ? group.items[0] : inside ? group.items[scan.item] : null;
  if (inside && !target) for (const item of group.items) item.classList.add("scan-row--out");
  if (target) target.classList.add("scan-highlight");
  (target || group.items[0]).scrollIntoView({ block: "nearest" });
  scan.main.dataset.scanIndex = inside ? `${scan.group}.${scan.item}` : String(scan.group);
  scan.main.dataset.scanMoves = String(scan.total);
  if (!single && !inside && scan.cues) {
    scan.sound = groupCue(scan.sound, scan.group);
    scan.main.dataset.scanCue = String(scan.group);
  }
  if (scan.spoken && (target || !inside)) scan.hooks.speak(label(target || group.items[0]));
}

function move(scan) {
  scan.moves += 1;
  scan.total += 1;
  if (scan.item === null) scan.group = (scan.group + 1) % scan.groups.length;
  else scan.item = (scan.item + 1) % places(scan);
  highlight(scan);
}

function step(scan) {
  refresh(scan);
  if (!scan.groups.length) return;
  if (!scan.twoSwitches && scan.moves >= scan.loops * places(scan)) return pause(scan);
  move(scan);
}

function run(scan) {
  clearInterval(scan.timer);
  scan.paused = false;
  scan.main.dataset.scanPaused = "no";
  if (!scan.twoSwitches) scan.timer = setInterval(() => step(scan), scan.interval);
}

function pause(scan) {
  clearInterval(scan.timer);
  scan.paused = true;
  scan.main.dataset.scanPaused = "yes";
  unhighlight(scan);
  scan.group = -1;
  scan.item = null;
  scan.hooks.status(scan.hooks.message("Paused"));
}

function newScreen(scan) {
  clearInterval(scan.timer);
  clearTimeout(scan.startTimer);
  unhighlight(scan);
  Object.assign(scan, { group: -1, item: null, moves: 0, total: 0 });
  scan.main.dataset.scanIndex = "";
  scan.main.dataset.scanMoves = "0";
  scan.startTimer = setTimeout(() => {
    refresh(scan);
    if (scan.twoSwitches) move(scan);
    else { step(scan); run(scan); }
  }, scan.delay);
}

// A press: wakes a resting scan; enters the group highlighted; goes back up from nothing; or chooses.
function select(scan) {
  const group = scan.groups[scan.group];
  if (scan.paused || !group) {
    scan.moves = 0;
    scan.hooks.status("");
    step(scan);
    run(scan);
    return;
  }
  scan.moves = 0;  // a press restarts the count of rounds
  if (scan.item === null && group.items.length > 1) scan.item = 0;
  else if (scan.item !== null && scan.item >= group.items.length) scan.item = null;
  else return scan.hooks.choose(scan.item === null ? group.items[0] : group.items[scan.item], "switch");
  highlight(scan);
  run(scan);
}

function pressed(scan, event) {
  if (event.key !== " " && event.key !== "Enter") return;
  // The adult's own controls keep their ordinary keys; so does typing.
  if (event.target.closest(".adult, textarea, input[type=text], input[type=password]")) return;
  event.preventDefault();
  const burst = bounced(scan, event);
  // Only a press that chooses is held to one per burst; two switches' Space, which only moves, may go fast.
  if (event.repeat || (burst && (!scan.twoSwitches || event.key === "Enter"))) return;
  const targets = visibleTargets(scan.hooks.currentSection());
  if (targets.length === 1) return scan.hooks.choose(targets[0], "switch");  // the ready screen: any press
  if (scan.twoSwitches && event.key === " ") {
    refresh(scan);
    if (scan.groups.length) move(scan);
    return;
  }
  select(scan);
}

// A switch that bounces, or is held down, sends a burst of key events: one closer than BOUNCE_MS to
// the one before, from the same switch with no other switch between, belongs to the same press.
function bounced(scan, event) {
  const same = scan.lastKey.key === event.key && event.timeStamp - scan.lastKey.at < BOUNCE_MS;
  scan.lastKey = { key: event.key, at: event.timeStamp };
  return same;
}

function dwelling(main, { choose }) {
  const time = Math.max(250, Number(main.dataset.dwell) || 1000);
  main.style.setProperty("--dwell-ms", `${time}ms`);
  main.classList.add("dwell");
  // After a choice: nothing for DWELL_DEAD_MS; then only once the pointer has really moved (a head
  // pointer always jitters a little), and never the same target again until the pointer has left it.
  const state = { target: null, over: null, timer: null, retry: null, blockedUntil: 0, from: null, last: null };

  function cancel() {
    clearTimeout(state.timer);
    if (state.target) state.target.classList.remove("dwelling");
    state.target = null;
  }
  function begin(target, point) {
    if (target === state.target) return;
    cancel();
    if (!target || target === state.last) return;
    if (state.from && point && Math.hypot(point.x - state.from.x, point.y - state.from.y) < MOVE_PX) return;
    const wait = state.blockedUntil - performance.now();
    if (wait > 0) {
      clearTimeout(state.retry);
      state.retry = setTimeout(() => begin(state.over, state.point), wait + 10);
      return;
    }
    if (!visibleTargets(target.closest("section.step")).includes(target)) return;
    state.target = target;
    target.classList.add("dwelling");
    state.timer = setTimeout(() => {
      target.classList.remove("dwelling");
      state.target = null;
      state.last = target;
      state.from = state.point;
      state.blockedUntil = performance.now() + DWELL_DEAD_MS;
      choose(target, "dwell");
    }, time);
  }
  main.addEventListener("pointermove", (event) => {
    state.point = { x: event.clientX, y: event.clientY };
    if (state.from && Math.hypot(state.point.x - state.from.x, state.point.y - state.from.y) >= MOVE_PX) state.from = null;
    state.over = event.target.closest(TARGETS);
    if (state.last && state.over !== state.last) state.last = null;  // left the target just chosen
    begin(state.over, state.point);
  });
  main.addEventListener("pointerout", (event) => {
    if (state.target && !state.target.contains(event.relatedTarget)) {
      state.over = null;
      cancel();
    }
  });
  return { newScreen: cancel };
}
