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
  return { newScreen() {}, stop() {} };
}

function label(element) {
  return element.dataset.label || element.getAttribute("aria-label") || element.textContent.trim();
}

function scanning(main, twoSwitches, { currentSection, choose, speak, status, message }) {
  const interval = Math.max(250, Number(main.dataset.scanInterval) || 1500);
  const loops = Math.max(1, Number(main.dataset.scanLoops) || 3);
  const delay = Math.max(0, Number(main.dataset.scanDelay) || 0);
  const spoken = main.dataset.scanSpeak === "yes";
  const state = { index: -1, moves: 0, timer: null, paused: false, targets: [] };
  main.classList.add("scanning");

  function highlight(index) {
    for (const old of main.querySelectorAll(".scan-highlight")) old.classList.remove("scan-highlight");
    state.index = index;
    const target = state.targets[index];
    if (!target) return;
    target.classList.add("scan-highlight");
    target.scrollIntoView({ block: "nearest" });
    main.dataset.scanIndex = String(index);
    if (spoken) speak(label(target));
  }
  function step() {
    state.targets = visibleTargets(currentSection());
    if (!state.targets.length) return;
    if (!twoSwitches && state.moves >= loops * state.targets.length) return pause();
    state.moves += 1;
    highlight((state.index + 1) % state.targets.length);
  }
  function run() {
    clearInterval(state.timer);
    state.paused = false;
    main.dataset.scanPaused = "no";
    if (!twoSwitches) state.timer = setInterval(step, interval);
  }
  function pause() {
    clearInterval(state.timer);
    state.paused = true;
    main.dataset.scanPaused = "yes";
    for (const old of main.querySelectorAll(".scan-highlight")) old.classList.remove("scan-highlight");
    state.index = -1;
    status(message("Paused"));
  }
  function newScreen() {
    clearInterval(state.timer);
    clearTimeout(state.startTimer);
    for (const old of main.querySelectorAll(".scan-highlight")) old.classList.remove("scan-highlight");
    state.index = -1;
    state.moves = 0;
    main.dataset.scanIndex = "";
    state.startTimer = setTimeout(() => {
      state.targets = visibleTargets(currentSection());
      if (twoSwitches) highlight(0);
      else { step(); run(); }
    }, delay);
  }
  function select() {
    const target = state.targets[state.index];
    if (state.paused || !target) {
      state.moves = 0;
      status("");
      step();
      run();
      return;
    }
    state.moves = 0;  // a choice restarts the count of rounds
    choose(target, "switch");
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== " " && event.key !== "Enter") return;
    // The adult's own controls keep their ordinary keys; so does typing.
    if (event.target.closest(".adult, textarea, input[type=text], input[type=password]")) return;
    event.preventDefault();
    if (event.repeat) return;
    if (twoSwitches && event.key === " ") {
      state.targets = visibleTargets(currentSection());
      if (state.targets.length) highlight((state.index + 1) % state.targets.length);
      return;
    }
    select();
  }, true);
  return { newScreen, stop: () => { clearInterval(state.timer); clearTimeout(state.startTimer); } };
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
  return { newScreen: cancel, stop: cancel };
}
