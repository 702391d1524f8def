// Cramps: small progressive enhancements. The pages work without this file.
"use strict";

// Copy buttons: <button data-copy="text" hidden> shows itself where the clipboard works.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  if (!navigator.clipboard) { return; }
  button.hidden = false;
  var label = button.textContent;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.copy).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });
});
