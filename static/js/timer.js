// Countdown timers for timed holds on the routine page. Without JS the timers stay hidden.
"use strict";
document.querySelectorAll(".hold-timer").forEach(function (timer) {
  var seconds = parseInt(timer.dataset.seconds, 10);
  var button = timer.querySelector("[data-timer-start]");
  var display = timer.querySelector("[data-timer-display]");
  var interval = null;
  var startLabel = interpolate(gettext("Start %s s hold"), [seconds]);
  timer.hidden = false;
  button.addEventListener("click", function () {
    if (interval) {
      clearInterval(interval);
      interval = null;
      button.textContent = startLabel;
      display.textContent = "";
      return;
    }
    var left = seconds;
    display.textContent = interpolate(gettext("%s s"), [left]);
    button.textContent = gettext("Stop");
    interval = setInterval(function () {
      left -= 1;
      if (left <= 0) {
        clearInterval(interval);
        interval = null;
        display.textContent = gettext("Done — release");
        button.textContent = startLabel;
        if (navigator.vibrate) { navigator.vibrate(200); }
        return;
      }
      display.textContent = interpolate(gettext("%s s"), [left]);
    }, 1000);
  });
});
