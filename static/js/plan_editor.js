// The plan editor (templates/athletes/_plan_items_formset.html): in its search box, Enter adds the item
// typed rather than saving the plan, and picking a name from the list adds it at once. Without JS, the
// Add button does the same.
"use strict";
document.querySelectorAll(".plan-editor-add").forEach(function (box) {
  var input = box.querySelector("input[list]");
  var add = box.querySelector("[data-plan-add]");
  if (!input || !add) { return; }
  var names = new Set(Array.from(document.querySelectorAll("#" + input.getAttribute("list") + " option"),
    function (option) { return option.value; }));
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      add.click();
    }
  });
  input.addEventListener("input", function (event) {
    // A name picked from the list (not typed letter by letter) is added straight away.
    if (names.has(input.value) && (!event.inputType || event.inputType === "insertReplacementText")) {
      add.click();
    }
  });
});
