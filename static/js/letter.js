// A "You said … We did …" letter that reads itself aloud: a speaker button on each line, and one
// button for the whole letter. Each line is one or more clips of cached speech (the same cache as
// child mode); where there is no recorded voice, the browser's own speech reads the clip.

const player = new Audio();
let queue = [];
let running = false;
let onDone = null;

function browserSpeak(clip, next) {
  if (!("speechSynthesis" in window)) { next(); return; }
  const utterance = new SpeechSynthesisUtterance(clip.text);
  utterance.lang = clip.lang;
  utterance.onend = next;
  utterance.onerror = next;
  window.speechSynthesis.speak(utterance);
}

function mark(line) {
  for (const other of document.querySelectorAll("[data-line].is-reading")) other.classList.remove("is-reading");
  if (line) line.classList.add("is-reading");
}

function playNext() {
  if (!running) return;
  const item = queue.shift();
  if (!item) { stop(); return; }
  mark(item.line);
  const { clip } = item;
  if (!clip.src) { browserSpeak(clip, playNext); return; }
  player.onended = playNext;
  player.onerror = () => browserSpeak(clip, playNext);
  player.src = clip.src;
  player.play().catch(() => browserSpeak(clip, playNext));
}

function stop() {
  running = false;
  queue = [];
  player.pause();
  if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  mark(null);
  if (onDone) { const done = onDone; onDone = null; done(); }
}

function clipsOf(button) {
  try {
    return JSON.parse(button.dataset.clips || "[]");
  } catch {
    return [];
  }
}

function play(buttons, done) {
  stop();
  queue = buttons.flatMap((button) => clipsOf(button).map((clip) => ({ clip, line: button.closest("[data-line]") })));
  running = true;
  onDone = done || null;
  playNext();
}

for (const button of document.querySelectorAll(".speak-button[data-clips]")) {
  button.addEventListener("click", () => play([button]));
}

const whole = document.querySelector("[data-read-all]");
if (whole) {
  whole.addEventListener("click", () => {
    if (running) { stop(); return; }
    whole.textContent = whole.dataset.stopLabel;
    play([...document.querySelectorAll(".letter .speak-button[data-clips]")], () => {
      whole.textContent = whole.dataset.startLabel;
    });
  });
}
