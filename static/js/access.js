// Other ways to choose than a tap: switch scanning (one or two switches) and pointer dwell.
//
// One switch: the targets on the screen are highlighted in turn, every `interval` ms, after
// `delay` ms on each new screen; pressing the switch (Space or Enter, which is how switch
// interfaces arrive in a browser) chooses the highlighted one. After `loops` rounds with no
// press the highlight rests, and the next press starts it again.
// Two switches: Space moves the highlight on, Enter chooses.
// Dwell: resting the pointer on a target for `dwell` ms chooses it; a ring fills meanwhile and
// moving away cancels. After a choice, nothing is chosen for a short dead time, and not until the
// pointer has moved, so the next screen's target under a resting pointer is not chosen by accident.

const DWELL_DEAD_MS = 1000;
const BOUNCE_MS = 50;  // key events closer together than this are one press of a bouncing or held switch
const MOVE_PX = 24;  // how far the pointer must move after a choice before another dwell can start
const TARGETS = "button.choice, label.choice--toggle, a.choice";

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
    index: -1, moves: 0, timer: null, startTimer: null, paused: false, targets: [], lastKey: { key: null, at: -Infinity },
  };
  main.classList.add("scanning");
  document.addEventListener("keydown", (event) => pressed(scan, event), true);
  return { newScreen: () => newScreen(scan) };
}

function unhighlight(scan) {
  for (const old of scan.main.querySelectorAll(".scan-highlight")) old.classList.remove("scan-highlight");
}

function highlight(scan, index) {
  unhighlight(scan);
  scan.index = index;
  const target = scan.targets[index];
  if (!target) return;
  target.classList.add("scan-highlight");
  target.scrollIntoView({ block: "nearest" });
  scan.main.dataset.scanIndex = String(index);
  if (scan.spoken) scan.hooks.speak(label(target));
}

function step(scan) {
  scan.targets = visibleTargets(scan.hooks.currentSection());
  if (!scan.targets.length) return;
  if (!scan.twoSwitches && scan.moves >= scan.loops * scan.targets.length) return pause(scan);
  scan.moves += 1;
  highlight(scan, (scan.index + 1) % scan.targets.length);
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
  scan.index = -1;
  scan.hooks.status(scan.hooks.message("Paused"));
}

function newScreen(scan) {
  clearInterval(scan.timer);
  clearTimeout(scan.startTimer);
  unhighlight(scan);
  scan.index = -1;
  scan.moves = 0;
  scan.main.dataset.scanIndex = "";
  scan.startTimer = setTimeout(() => {
    scan.targets = visibleTargets(scan.hooks.currentSection());
    if (scan.twoSwitches) highlight(scan, 0);
    else { step(scan); run(scan); }
  }, scan.delay);
}

function select(scan) {
  const target = scan.targets[scan.index];
  if (scan.paused || !target) {
    scan.moves = 0;
    scan.hooks.status("");
    step(scan);
    run(scan);
    return;
  }
  scan.moves = 0;  // a choice restarts the count of rounds
  scan.hooks.choose(target, "switch");
}

function pressed(scan, event) {
  if (event.key !== " " && event.key !== "Enter") return;
  // The adult's own controls keep their ordinary keys; so does typing.
  if (event.target.closest(".adult, textarea, input[type=text], input[type=password]")) return;
  event.preventDefault();
  const burst = bounced(scan, event);
  // Only a press that chooses is held to one per burst; two switches' Space, which only moves, may go fast.
  if (event.repeat || (burst && (!scan.twoSwitches || event.key === "Enter"))) return;
  if (scan.twoSwitches && event.key === " ") {
    scan.targets = visibleTargets(scan.hooks.currentSection());
    if (scan.targets.length) highlight(scan, (scan.index + 1) % scan.targets.length);
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
