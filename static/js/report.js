// The report for a clinician: a Print button where the browser can print (the page works without it).
"use strict";

document.querySelectorAll("[data-print]").forEach(function (button) {
  if (typeof window.print !== "function") { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
