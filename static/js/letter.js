// A "You said … We did …" letter that reads itself aloud: a speaker button on each line, and one
// button for the whole letter. Each line is one or more clips of cached speech (the same cache as
// child mode); where there is no recorded voice, the browser's own speech reads the clip, and a
// clip that cannot be heard is passed over so the rest of the letter is still read (speaker.js).

import { speaker } from "./speaker.js";

const speech = speaker();

function mark(line) {
  for (const other of document.querySelectorAll("[data-line].is-reading")) other.classList.remove("is-reading");
  if (line) line.classList.add("is-reading");
}

function clipsOf(button) {
  try {
    return JSON.parse(button.dataset.clips || "[]");
  } catch {
    return [];
  }
}

function play(buttons, done) {
  const clips = buttons.flatMap((button) => clipsOf(button).map((clip) => ({ ...clip, line: button.closest("[data-line]") })));
  speech.say(clips, {
    onClip: (clip) => mark(clip.line),
    onDone: () => {
      mark(null);
      if (done) done();
    },
  });
}

for (const button of document.querySelectorAll(".speak-button[data-clips]")) {
  button.addEventListener("click", () => play([button]));
}

const whole = document.querySelector("[data-read-all]");
if (whole) {
  whole.addEventListener("click", () => {
    if (speech.speaking()) { speech.stop(); return; }
    whole.textContent = whole.dataset.stopLabel;
    play([...document.querySelectorAll(".letter .speak-button[data-clips]")], () => {
      whole.textContent = whole.dataset.startLabel;
    });
  });
}
