/*
 * Busy indicators (issue 14): whatever waits on the server says so and cannot be pressed twice.
 *   - a form being sent: its submit button is disabled and reads "Đang xử lý…" until the next page;
 *   - an htmx request: the element that made it (its form's button) likewise, until the answer;
 *   - a link marked data-busy-download (a DOCX, PDF or Excel the server builds): the file is fetched
 *     here, so the button stays busy exactly as long as the server works, and a refusal is shown in
 *     Vietnamese instead of an error page.
 * Loaded on every page (base.html); listeners sit on the document, so content htmx adds behaves the
 * same. The confirmation of behaviours.js runs first (capture phase) and stops a cancelled submit.
 */
(function () {
  "use strict";

  var LABEL = "Đang xử lý…";

  function submitButtonOf(form, submitter) {
    if (submitter) {
      return submitter;
    }
    return form.querySelector("button:not([type]), button[type=submit], input[type=submit]");
  }

  function markBusy(element) {
    if (!element || element.getAttribute("data-busy") === "1") {
      return;
    }
    element.setAttribute("data-busy", "1");
    element.setAttribute("aria-busy", "true");
    if (element.tagName === "INPUT") {
      element.setAttribute("data-busy-label", element.value);
      element.value = LABEL;
    } else {
      element.setAttribute("data-busy-label", element.innerHTML);
      element.innerHTML = '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>' + LABEL;
    }
    if (element.tagName === "A") {
      element.setAttribute("aria-disabled", "true");
      element.classList.add("disabled");
    } else {
      element.disabled = true;
    }
  }

  function clearBusy(element) {
    if (!element || element.getAttribute("data-busy") !== "1") {
      return;
    }
    if (element.tagName === "INPUT") {
      element.value = element.getAttribute("data-busy-label");
    } else {
      element.innerHTML = element.getAttribute("data-busy-label");
    }
    element.removeAttribute("data-busy");
    element.removeAttribute("data-busy-label");
    element.removeAttribute("aria-busy");
    element.removeAttribute("aria-disabled");
    element.classList.remove("disabled");
    element.disabled = false;
  }

  function isHtmx(element) {
    return ["hx-post", "hx-get", "hx-put", "hx-patch", "hx-delete"].some(function (name) {
      return element.hasAttribute(name);
    });
  }

  // A plain form: the browser leaves the page when the answer comes. The button is disabled on the next
  // tick, once the browser has taken the form's values, so the button's own name and value still go.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || isHtmx(form) || form.hasAttribute("data-no-busy")) {
      return;
    }
    var button = submitButtonOf(form, event.submitter);
    if (button && isHtmx(button)) {
      return;
    }
    window.setTimeout(function () {
      markBusy(button);
    }, 0);
  });

  // htmx: busy from the request until its answer (or its failure).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail.elt;
    var button = source.tagName === "FORM" ? submitButtonOf(source, event.detail.requestConfig && event.detail.requestConfig.triggeringEvent && event.detail.requestConfig.triggeringEvent.submitter) : source;
    if (button && (button.tagName === "BUTTON" || button.tagName === "INPUT" || button.tagName === "A")) {
      event.detail.busyButton = button;
      markBusy(button);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var source = event.detail.elt;
    var candidates = source.tagName === "FORM" ? source.querySelectorAll("[data-busy='1']") : [source];
    Array.prototype.forEach.call(candidates, clearBusy);
  });

  function filenameOf(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (encoded) {
      return decodeURIComponent(encoded[1]);
    }
    var plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : "";
  }

  function showError(message) {
    var box = document.getElementById("htmx-errors");
    if (!box) {
      return;
    }
    var alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    alert.textContent = message;
    box.appendChild(alert);
  }

  // A file the server builds: fetched here so the button is busy exactly as long as that takes.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-busy-download]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    if (link.getAttribute("data-busy") === "1") {
      return;
    }
    markBusy(link);
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          return response.text().then(function () {
            throw new Error("Không tải được tệp (mã lỗi " + response.status + "). Hãy thử lại sau ít phút.");
          });
        }
        return response.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var save = document.createElement("a");
          save.href = url;
          save.download = filenameOf(response) || link.href.split("/").pop().split("?")[0];
          document.body.appendChild(save);
          save.click();
          save.remove();
          window.setTimeout(function () {
            URL.revokeObjectURL(url);
          }, 60000);
        });
      })
      .catch(function (error) {
        showError(error.message || "Không tải được tệp. Hãy kiểm tra kết nối mạng rồi thử lại.");
      })
      .then(function () {
        clearBusy(link);
      });
  });

  // Coming back with the browser's Back button shows the page as it was left: busy. Undo that.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-busy='1']"), clearBusy);
  });
})();
