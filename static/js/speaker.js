// Speech in the browser, for child mode and letters: each clip plays the app's cached recording
// of its text (the same espeak-ng audio everywhere) when the page has one, the browser's own voice
// in the clip's language otherwise. A clip that cannot be heard (a recording that fails to load,
// decode or play, autoplay refused, a voice that fails) moves on: to the browser's voice if there
// is one, else to silence, and the clips after it still play. A new request stops the one before.

export function speaker() {
  const player = new Audio();
  const voice = "speechSynthesis" in window ? window.speechSynthesis : null;
  let current = null;  // the request speaking now: { clips, onClip, onDone }

  function stop() {
    const request = current;
    current = null;
    player.onended = player.onerror = null;
    player.pause();
    if (voice) voice.cancel();
    if (request && request.onDone) request.onDone();
  }

  // `clips` are { text, src, lang }; `onClip(clip)` hears each as it starts, `onDone()` once when
  // the request ends, all heard or stopped.
  function say(clips, { onClip, onDone } = {}) {
    stop();
    const request = { clips: clips.filter((clip) => clip && clip.text), onClip, onDone };
    current = request;
    playNext(request);
  }

  function playNext(request) {
    if (current !== request) return;  // stopped or replaced: what it hears later is not ours
    const clip = request.clips.shift();
    if (!clip) {
      stop();
      return;
    }
    if (request.onClip) request.onClip(clip);
    const next = once(() => playNext(request));
    if (clip.src) playRecording(clip, next, () => current === request && speakAloud(clip, next));
    else speakAloud(clip, next);
  }

  function playRecording(clip, next, failed) {
    const fail = once(failed);
    player.onended = next;
    player.onerror = fail;
    player.src = clip.src;
    player.play().catch(fail);
  }

  function speakAloud(clip, next) {
    if (!voice) {
      next();
      return;
    }
    const utterance = new SpeechSynthesisUtterance(clip.text);
    utterance.lang = clip.lang;
    utterance.onend = next;
    utterance.onerror = next;
    voice.speak(utterance);
  }

  return { say, stop, speaking: () => current !== null };
}

// Child mode speaks texts in the conversation's language; `audio` maps a text to its recording.
export function textSpeaker(audio, lang) {
  const { say } = speaker();
  const early = new Map();  // address -> the element that loaded it ahead
  const speak = (...texts) => say(texts.filter(Boolean).map((text) => ({ text, src: audio[text] || "", lang })));
  // Load the recordings of texts about to be spoken, so each plays from the browser's cache the moment it
  // is needed. Loaded as audio (not with fetch), so the request is the one the player makes and the cached
  // copy serves it; loading needs no gesture. One that fails is simply asked for again when it is spoken.
  speak.preload = (...texts) => {
    for (const src of texts.filter(Boolean).map((text) => audio[text]).filter(Boolean)) {
      if (early.has(src)) continue;
      const element = new Audio();
      element.preload = "auto";
      element.onerror = () => early.delete(src);
      element.src = src;
      early.set(src, element);
    }
  };
  return speak;
}

function once(action) {
  let done = false;
  return (...args) => {
    if (done) return;
    done = true;
    action(...args);
  };
}
