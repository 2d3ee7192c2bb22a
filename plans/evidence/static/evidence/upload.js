/*
 * Evidence upload: turns every <input type="file" data-evidence-kind="..."> of the page (also those
 * HTMX adds later) into a direct upload to object storage (DESIGN.md §3 rule 5):
 *   1. ask the server (data-evidence-start) with the file's name, type and size;
 *   2. POST the file straight to the presigned URL it answers (S3, or the local store in dev);
 *   3. ask the server to confirm: it checks the real size, type and SHA-256;
 *   4. put the evidence id into the field's hidden input and show the file name,
 *      or show the server's Vietnamese message.
 * The input sits in a [data-evidence-field] container holding a hidden input and a
 * [data-evidence-status] element. On success the input fires "evidence:uploaded" (bubbling), with
 * the evidence in event.detail.
 */
(function () {
  "use strict";
  if (window.tdktEvidenceUpload) {
    return;
  }
  window.tdktEvidenceUpload = true;

  function csrfToken() {
    var headers = document.body && document.body.getAttribute("hx-headers");
    if (headers) {
      try {
        var token = JSON.parse(headers)["X-CSRFToken"];
        if (token) {
          return token;
        }
      } catch (ignored) {
        /* fall back to the cookie */
      }
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function askServer(url, body) {
    var response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body: JSON.stringify(body || {}),
    });
    var data = {};
    try {
      data = await response.json();
    } catch (ignored) {
      /* not JSON: use the generic message below */
    }
    if (!response.ok) {
      throw new Error(data.detail || "Máy chủ không nhận yêu cầu (mã " + response.status + ").");
    }
    return data;
  }

  async function postToStorage(upload, file) {
    var form = new FormData();
    Object.keys(upload.fields).forEach(function (name) {
      form.append(name, upload.fields[name]);
    });
    form.append("file", file); // S3 ignores every field after the file, so it goes last
    var response;
    try {
      response = await fetch(upload.url, { method: "POST", body: form, credentials: "omit" });
    } catch (error) {
      throw new Error("Không kết nối được tới kho lưu trữ tệp. Hãy thử lại.");
    }
    if (!response.ok) {
      var type = response.headers.get("Content-Type") || "";
      var detail = type.indexOf("text/plain") === 0 ? await response.text() : "";
      throw new Error("Kho lưu trữ không nhận tệp" + (detail ? ": " + detail : "."));
    }
  }

  function show(status, text, state) {
    if (!status) {
      return;
    }
    status.textContent = text;
    status.classList.remove("text-danger", "text-success", "text-muted");
    status.classList.add(state === "error" ? "text-danger" : state === "done" ? "text-success" : "text-muted");
    status.setAttribute("data-evidence-state", state);
  }

  async function upload(input) {
    var field = input.closest("[data-evidence-field]") || input.parentElement;
    var hidden = field.querySelector("input[type=hidden][data-evidence-id]");
    var status = field.querySelector("[data-evidence-status]");
    var file = input.files && input.files[0];
    if (hidden) {
      hidden.value = "";
    }
    if (!file) {
      return;
    }
    input.disabled = true;
    field.setAttribute("aria-busy", "true");
    show(status, "Đang tải lên “" + file.name + "”…", "busy");
    try {
      var started = await askServer(input.dataset.evidenceStart, {
        kind: input.dataset.evidenceKind,
        filename: file.name,
        content_type: file.type,
        size: file.size,
      });
      await postToStorage(started.upload, file);
      var evidence = await askServer(started.complete_url);
      if (hidden) {
        hidden.value = String(evidence.id);
      }
      show(status, "Đã tải lên: " + evidence.filename + " (" + evidence.size_label + ")", "done");
      input.dispatchEvent(new CustomEvent("evidence:uploaded", { bubbles: true, detail: evidence }));
    } catch (error) {
      input.value = "";
      show(status, error.message, "error");
    } finally {
      input.disabled = false;
      field.removeAttribute("aria-busy");
    }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file" && input.dataset.evidenceKind) {
      upload(input);
    }
  });
})();
