// Cramps: small progressive enhancements. The pages work without this file.
"use strict";

// Tell the server this browser's time zone, so times show and are entered in local time.
(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && document.cookie.indexOf("tz=" + encodeURIComponent(zone)) === -1) {
    document.cookie = "tz=" + encodeURIComponent(zone) + ";path=/;max-age=31536000;SameSite=Lax";
  }
})();

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
