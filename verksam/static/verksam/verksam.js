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

  // On a narrow screen the main menu folds away behind the menu button. The button is
  // hidden in the page as sent, so without JavaScript the menu stays open; the stylesheet
  // hides the menu only while the button says it is closed (aria-expanded="false").
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".menu-button");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) {
      return;
    }
    var header = button.closest(".site-header");

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }

    button.hidden = false;
    header.classList.add("site-header--folding");
    setOpen(false);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu from anywhere in it and gives focus back to the button.
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" &&
          button.offsetParent !== null) {
        setOpen(false);
        button.focus();
      }
    });
  });

  // A list of rounds offers, for the report chosen, only the rounds that report fits; each
  // option names the reports that fit it (documents' RoundSelect). The server refuses the rest.
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[data-fits-kind]");
    if (!select || !select.form) {
      return;
    }
    var kindName = select.dataset.fitsKind;
    var reportKinds = (select.dataset.reportKinds || "").split(" ");

    function chosenKind() {
      var checked = select.form.querySelector('input[name="' + kindName + '"]:checked');
      return checked ? checked.value : "";
    }

    function offer() {
      var kind = chosenKind();
      var isReport = reportKinds.indexOf(kind) !== -1;
      var options = Array.prototype.slice.call(select.options);
      var fitting = [];
      options.forEach(function (option) {
        if (option.dataset.kinds === undefined) {
          return; // the empty choice
        }
        var fits = !isReport || option.dataset.kinds.split(" ").indexOf(kind) !== -1;
        option.hidden = !fits;
        option.disabled = !fits;
        if (fits) {
          fitting.push(option);
        }
      });
      var selected = select.options[select.selectedIndex];
      if (isReport && selected && (selected.disabled || selected.value === "") && fitting.length) {
        // The fitting round nearest the one chosen before, the earlier one when two are as near.
        var at = select.selectedIndex;
        fitting.sort(function (a, b) {
          return Math.abs(a.index - at) - Math.abs(b.index - at) || a.index - b.index;
        });
        select.value = fitting[0].value;
      }
    }

    select.form.addEventListener("change", function (event) {
      if (event.target.name === kindName) {
        offer();
      }
    });
    offer();
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
