/*
 * Small behaviours that templates ask for with data- attributes instead of inline event handlers,
 * which the Content Security Policy does not run (office.settings, CONTENT_SECURITY_POLICY):
 *   data-confirm="…"   on a form or its submit button: ask before sending;
 *   data-autosubmit    on a field: send its form when the field changes;
 *   data-copy-from="id" on a button: copy that field's value, then say so on the button;
 *   data-select-on-focus on a field: select its text when it gets the focus;
 *   data-print          on a button: open the browser's print dialog (the invitation sheet).
 * Listeners sit on the document, so content that htmx adds later behaves the same.
 */
(function () {
  "use strict";

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation(); // capture phase: htmx's own listener on the form never hears it
      }
    },
    true
  );

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.form && field.hasAttribute("data-autosubmit")) {
      field.form.submit();
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-select-on-focus")) {
      event.target.select();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-from]");
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    navigator.clipboard.writeText(source ? source.value : "").then(function () {
      button.textContent = "Đã sao chép";
    });
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
