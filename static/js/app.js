// Gendan app code. No inline scripts anywhere (CSP): behaviour hangs off data attributes.
(function () {
  "use strict";

  // <form data-confirm="..."> asks before submitting (e.g. deactivating, signing out with unsent data).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Buttons inside a submitting form are disabled so a double tap cannot post twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-put")) return; // htmx handles it
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  // <select data-autosubmit> submits its form on change (language pickers).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) el.form.requestSubmit();
  });
})();
