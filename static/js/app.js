// Progressive enhancement for practitioner pages; every page works without it.

// Move focus to the error summary so keyboard and screen reader users hear what went wrong.
const summary = document.querySelector("[data-error-summary]");
if (summary) {
  summary.focus();
}

// After unlocking a tablet, a worry the child shared is the first thing read out and seen.
const worries = document.querySelector("[data-worries]");
if (worries && !summary) {
  worries.focus();
}
