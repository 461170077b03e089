// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // On a phone, fold the menu behind a button (without script, it stays open and wraps).
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("menu");
  if (toggle && menu) {
    var narrow = window.matchMedia("(max-width: 47.99em)");
    var apply = function () {
      if (narrow.matches) {
        toggle.hidden = false;
        menu.classList.toggle("is-closed", toggle.getAttribute("aria-expanded") !== "true");
      } else {
        toggle.hidden = true;
        menu.classList.remove("is-closed");
      }
    };
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      apply();
    });
    narrow.addEventListener("change", apply);
    apply();
  }

  // The CV-thèque's filters: folded on a phone, shown beside the results on a wide screen.
  var filters = document.querySelector(".filters-panel[data-open-wide]");
  if (filters && window.matchMedia("(min-width: 60em)").matches) {
    filters.open = true;
  }

  // After a refused form, move focus to the list of errors so that it is read first.
  var summary = document.getElementById("erreurs");
  if (summary) {
    summary.focus();
  }

  // Ask before destructive actions (forms marked data-confirm); without script the action goes through.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
