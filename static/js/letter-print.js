// The print layout's "Print this letter" button: shown only where a script can print, so a page
// without scripts offers the browser's own print command alone.

for (const button of document.querySelectorAll("[data-print-letter]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
