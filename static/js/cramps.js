// Cramps: small progressive enhancements. The pages work without this file.
"use strict";

// The browser's time zone: a cookie for visitors' pages, and the starting choice of a
// <select data-browser-zone> (the sign-up form) until the person picks one themselves.
(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) { return; }
  if (document.cookie.indexOf("tz=" + encodeURIComponent(zone)) === -1) {
    document.cookie = "tz=" + encodeURIComponent(zone) + ";path=/;max-age=31536000;SameSite=Lax";
  }
  document.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
    var options = Array.prototype.slice.call(select.options);
    var preset = options.filter(function (option) { return option.defaultSelected; })[0] || options[0];
    var untouched = select.selectedIndex === options.indexOf(preset);  // not changed, nor restored by Back
    var known = options.some(function (option) { return option.value === zone; });
    if (untouched && known) { select.value = zone; }
  });
})();

// Copy buttons: <button data-copy="text" hidden> shows itself where the clipboard works.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  if (!navigator.clipboard) { return; }
  button.hidden = false;
  var label = button.textContent;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.copy).then(function () {
      button.textContent = gettext("Copied");
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });
});

// Sign-up: the athlete-type question is for athletes; hide it while "Coach" is chosen.
document.querySelectorAll("[data-athletes-only]").forEach(function (block) {
  var form = block.closest("form");
  if (!form || !form.querySelector("input[name=role]")) { return; }
  function update() {
    var role = form.querySelector("input[name=role]:checked");
    block.hidden = Boolean(role && role.value === "coach");
  }
  form.addEventListener("change", update);
  update();
});

// After an htmx swap, screen readers hear what it did: the swapped-in content marks it with
// data-announce="…", and the text goes into #announcer, a polite live region that stays in the page
// (a live region that arrives with the new content is not reliably read out).
document.addEventListener("htmx:afterSettle", function () {
  var announcer = document.getElementById("announcer");
  document.querySelectorAll("[data-announce]").forEach(function (element) {
    if (announcer) { announcer.textContent = element.dataset.announce; }
    element.removeAttribute("data-announce");
  });
});

// After an htmx swap that took the focused control away (the quick log's button goes with its panel), the
// focus would fall back to the page's body, or htmx would put it on the fresh copy of the field it was on
// (a field with an id), and a keyboard or screen-reader user would not know what happened. The swapped-in
// content marks where it should go instead with data-focus-after-swap (a confirmation with tabindex="-1"):
// the focus moves there, unless the person has moved it somewhere outside the swapped content meanwhile.
document.addEventListener("htmx:afterSettle", function (event) {
  var swapped = event.target;
  if (!swapped || !swapped.querySelector) { return; }
  var target = swapped.matches("[data-focus-after-swap]") ? swapped : swapped.querySelector("[data-focus-after-swap]");
  if (!target) { return; }
  target.removeAttribute("data-focus-after-swap");
  var focused = document.activeElement;
  if (!focused || focused === document.body || !document.body.contains(focused) || swapped.contains(focused)) {
    target.focus();
  }
});
