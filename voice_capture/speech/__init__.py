"""Text to speech through pyttsx3 over espeak-ng."""
