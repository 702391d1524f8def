// Countdown timers for timed holds on the routine page. Without JS the timers stay hidden.
"use strict";
document.querySelectorAll(".hold-timer").forEach(function (timer) {
  var seconds = parseInt(timer.dataset.seconds, 10);
  var button = timer.querySelector("[data-timer-start]");
  var display = timer.querySelector("[data-timer-display]");
  var interval = null;
  // The words come translated from the template's data-said-* attributes; English when they are missing.
  var said = {
    start: timer.dataset.saidStart || "Start " + seconds + " s hold",
    stop: timer.dataset.saidStop || "Stop",
    done: timer.dataset.saidDone || "Done — release",
    seconds: timer.dataset.saidSeconds || "{n} s"
  };
  function secondsLeft(left) { return said.seconds.replace("{n}", left); }
  timer.hidden = false;
  button.addEventListener("click", function () {
    if (interval) {
      clearInterval(interval);
      interval = null;
      button.textContent = said.start;
      display.textContent = "";
      return;
    }
    var left = seconds;
    display.textContent = secondsLeft(left);
    button.textContent = said.stop;
    interval = setInterval(function () {
      left -= 1;
      if (left <= 0) {
        clearInterval(interval);
        interval = null;
        display.textContent = said.done;
        button.textContent = said.start;
        if (navigator.vibrate) { navigator.vibrate(200); }
        return;
      }
      display.textContent = secondsLeft(left);
    }, 1000);
  });
});
