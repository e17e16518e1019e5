// Speech in child mode: the app's recorded voice for a text when the page has it (the same cached
// espeak-ng audio everywhere), the browser's own voice otherwise. A new request stops the last one.

export function speaker(audio, lang) {
  const player = new Audio();
  let spoken = [];

  function playNext() {
    const text = spoken.shift();
    if (!text) return;
    if (audio[text]) {
      player.src = audio[text];
      player.onended = playNext;
      player.play().catch(() => browserSpeak(text));
    } else {
      browserSpeak(text);
    }
  }

  function browserSpeak(text) {
    if (!("speechSynthesis" in window)) return playNext();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.onend = playNext;
    window.speechSynthesis.speak(utterance);
  }

  return function speak(...texts) {
    spoken = texts.filter(Boolean);
    player.pause();
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
    playNext();
  };
}
