// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Move focus to the error summary so keyboard and screen-reader users hear what to fix.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  });

  // After an item is moved up or down in place, keep focus on the button that was pressed.
  document.addEventListener("htmx:afterSwap", function (event) {
    var tree = document.getElementById("item-tree");
    if (!tree || !tree.dataset.focus) {
      return;
    }
    var button = document.getElementById(tree.dataset.focus);
    if (button && !button.disabled) {
      button.focus();
    } else {
      var other = tree.dataset.focus.replace(/-(up|down)$/, function (match, direction) {
        return direction === "up" ? "-down" : "-up";
      });
      var fallback = document.getElementById(other);
      if (fallback) {
        fallback.focus();
      }
    }
  });
})();
