// The body map as a picker (templates/athletes/_body_map.html). Tapping a region picks its muscle and side
// in the "muscle" and "side" selects of the form around the map; changing a select shows on the map.
// The selects work without this file, so the map stays hidden until it runs. Events are caught on the
// document, so maps that htmx swaps in work too.
"use strict";
(function () {
  var OTHER = { left: "right", right: "left" };

  function selects(map) {
    var form = map.closest("form");
    return { muscle: form.elements.namedItem("muscle"), side: form.elements.namedItem("side") };
  }

  function region(map, muscle, side) {
    return map.querySelector('.body-region[data-muscle="' + muscle + '"][data-side="' + side + '"]');
  }

  function label(element) {
    return element.getAttribute("aria-label");
  }

  // What is picked, in words, with what tapping does next.
  function describe(map, fields, hint) {
    var muscle = fields.muscle.value;
    var side = fields.side.value;
    if (!muscle) { return hint; }
    var name = fields.muscle.options[fields.muscle.selectedIndex].text;
    if (!region(map, muscle, "left")) { return name + "."; }  // not on the map: full lower body, arms
    if (side === "both") { return interpolate(gettext("%s, both sides. Tap one to take it off."), [name]); }
    if (side === "left") {
      return interpolate(gettext("%s. Both legs? Tap the right one too."), [label(region(map, muscle, side))]);
    }
    if (side === "right") {
      return interpolate(gettext("%s. Both legs? Tap the left one too."), [label(region(map, muscle, side))]);
    }
    return interpolate(gettext("%s. Tap the side it was on."), [name]);
  }

  function show(map) {
    var fields = selects(map);
    var muscle = fields.muscle.value;
    var side = fields.side.value;
    map.querySelectorAll(".body-region").forEach(function (each) {
      var same = each.dataset.muscle === muscle;
      var picked = same && (side === each.dataset.side || side === "both");
      each.setAttribute("aria-pressed", picked ? "true" : "false");
      each.classList.toggle("is-muscle", same && !side);  // the muscle is known, its side is not
    });
    var status = map.querySelector("[data-body-map-status]");
    status.dataset.hint = status.dataset.hint || status.textContent;
    status.textContent = describe(map, fields, status.dataset.hint);
  }

  // A tap on one side of a muscle picks it; on the other side too, both sides; on a picked side, takes it off.
  function pick(target) {
    var map = target.closest("[data-body-map]");
    var fields = selects(map);
    var muscle = target.dataset.muscle;
    var side = target.dataset.side;
    var current = fields.side.value;
    if (fields.muscle.value !== muscle || !current) {
      fields.muscle.value = muscle;
      fields.side.value = side;
    } else if (current === side) {
      fields.muscle.value = "";
      fields.side.value = "";
    } else if (current === "both") {
      fields.side.value = OTHER[side];
    } else {
      fields.side.value = "both";
    }
    [fields.muscle, fields.side].forEach(function (select) {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function regionOf(event) {
    var target = event.target;
    return target instanceof Element ? target.closest("[data-body-map] .body-region") : null;
  }

  document.addEventListener("click", function (event) {
    var target = regionOf(event);
    if (target) { pick(target); }
  });

  document.addEventListener("keydown", function (event) {
    var target = regionOf(event);
    if (target && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();  // Space would scroll the page
      if (!event.repeat) { pick(target); }
    }
  });

  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && (event.target.name === "muscle" || event.target.name === "side")) {
      form.querySelectorAll("[data-body-map]").forEach(show);
    }
  });

  function start(root) {
    var maps = Array.prototype.slice.call(root.querySelectorAll("[data-body-map]"));
    if (root.matches && root.matches("[data-body-map]")) { maps.push(root); }
    maps.forEach(function (map) {
      if (!map.closest("form")) { return; }
      map.hidden = false;
      show(map);
    });
  }

  start(document);
  document.addEventListener("htmx:load", function (event) { start(event.target); });
  window.addEventListener("pageshow", function () { start(document); });  // selects restored by Back
})();
