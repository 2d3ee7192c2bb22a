/*
 * Small behaviours that templates ask for with data- attributes instead of inline event handlers,
 * which the Content Security Policy does not run (office.settings, CONTENT_SECURITY_POLICY):
 *   data-confirm="…"   on a form or its submit button: ask before sending;
 *   data-autosubmit    on a field: send its form when the field changes;
 *   data-copy-from="id" on a button: copy that field's value, then say so on the button;
 *   data-select-on-focus on a field: select its text when it gets the focus;
 *   data-print          on a button: open the browser's print dialog (the invitation sheet).
 * And one for every page: a table scrolls sideways inside a focusable, named region of its own
 * (.table-scroll), never the whole page; templates may write the wrapper themselves.
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

  function labelOf(table) {
    var caption = table.querySelector("caption");
    if (caption) {
      return caption.textContent.trim();
    }
    var heading = null;
    for (var node = table; node && !heading; node = node.parentElement) {
      var before = node.previousElementSibling;
      while (before && !/^H[1-6]$/.test(before.tagName)) {
        before = before.previousElementSibling;
      }
      heading = before;
    }
    return heading ? "Bảng: " + heading.textContent.trim() : "Bảng số liệu";
  }

  function scrollRegions(root) {
    var tables = root.querySelectorAll ? root.querySelectorAll("main table") : [];
    Array.prototype.forEach.call(tables, function (table) {
      var wrapper = table.parentElement;
      if (!wrapper.classList.contains("table-responsive") && !wrapper.classList.contains("table-scroll") && !wrapper.classList.contains("table-sticky-wrap")) {
        wrapper = document.createElement("div");
        wrapper.className = "table-scroll";
        table.parentNode.insertBefore(wrapper, table);
        wrapper.appendChild(table);
      }
      if (!wrapper.hasAttribute("tabindex")) {
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-label", labelOf(table));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    scrollRegions(document);
  });
  document.addEventListener("htmx:load", function (event) {
    scrollRegions(event.target.parentElement || document);
  });
})();
