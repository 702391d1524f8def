// Countdown timers for timed holds on the routine page. Without JS the timers stay hidden.
"use strict";
document.querySelectorAll(".hold-timer").forEach(function (timer) {
  var seconds = parseInt(timer.dataset.seconds, 10);
  var button = timer.querySelector("[data-timer-start]");
  var display = timer.querySelector("[data-timer-display]");
  var interval = null;
  timer.hidden = false;
  button.addEventListener("click", function () {
    if (interval) {
      clearInterval(interval);
      interval = null;
      button.textContent = "Start " + seconds + " s hold";
      display.textContent = "";
      return;
    }
    var left = seconds;
    display.textContent = left + " s";
    button.textContent = "Stop";
    interval = setInterval(function () {
      left -= 1;
      if (left <= 0) {
        clearInterval(interval);
        interval = null;
        display.textContent = "Done — release";
        button.textContent = "Start " + seconds + " s hold";
        if (navigator.vibrate) { navigator.vibrate(200); }
        return;
      }
      display.textContent = left + " s";
    }, 1000);
  });
});
