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

// Traveler: print button (no inline handlers under our CSP).
document.addEventListener("click", function (event) {
  var target = event.target.closest && event.target.closest("[data-print]");
  if (target) window.print();
});

// Scan page: use the camera with BarcodeDetector where the browser offers it; the typed
// order number form stays as the fallback everywhere else.
(function () {
  var box = document.getElementById("scanner");
  if (!box || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var status = box.querySelector("[data-scan-status]");
  var video = box.querySelector("video");
  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") < 0) return;
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      box.hidden = false;
      video.srcObject = stream;
      video.play();
      var tick = function () {
        detector.detect(video).then(function (codes) {
          var hit = codes.find(function (c) { return /\/orders\/\d+/.test(c.rawValue); });
          if (hit) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            var url = new URL(hit.rawValue, window.location.href);
            window.location.href = url.pathname; // same origin only: never follow a foreign host
          } else {
            window.requestAnimationFrame(tick);
          }
        }).catch(function () { window.setTimeout(tick, 300); });
      };
      tick();
    });
  }).catch(function (err) { if (status) status.textContent = String(err); });
})();

// htmx errors that are not swapped (403, 404, 5xx) and lost connections get a visible message;
// the form stays as it is, so nothing typed is lost.
(function () {
  var toast = function (html) {
    var box = document.getElementById("toast");
    if (!box) return;
    box.innerHTML = html;
    window.clearTimeout(box._timer);
    box._timer = window.setTimeout(function () { box.innerHTML = ""; }, 8000);
  };
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    toast(xhr && xhr.responseText && xhr.responseText.indexOf("<html") < 0 ? xhr.responseText
      : '<div class="alert alert-error" role="alert">' + xhr.status + "</div>");
  });
  document.addEventListener("htmx:sendError", function () {
    var text = document.body.getAttribute("data-msg-offline") || "";
    var div = document.createElement("div");
    div.className = "alert alert-error";
    div.setAttribute("role", "alert");
    div.textContent = text;
    toast(div.outerHTML);
  });
})();

// Defect form: choosing a defect type preselects its usual class (the inspector may change it).
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches || !select.matches("#defect_type_id")) return;
  var option = select.options[select.selectedIndex];
  var cls = option && option.getAttribute("data-class");
  var target = select.form && select.form.querySelector("#defect_class");
  if (cls && target) target.value = cls;
});

// Photos are made smaller on the phone before they travel: long edge 2048 px, JPEG 0.8.
// A 4-5 MB camera photo becomes a few hundred KB. Forms opt in with data-downscale.
(function () {
  var MAX_EDGE = 2048;
  var QUALITY = 0.8;

  function downscale(file) {
    if (!file.type || file.type.indexOf("image/") !== 0 || !window.createImageBitmap) {
      return Promise.resolve(file);
    }
    return window.createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size < 1500000) return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" }) : file);
        }, "image/jpeg", QUALITY);
      });
    }).catch(function () { return file; }); // the server still accepts the original
  }

  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (!form.hasAttribute || !form.hasAttribute("data-downscale") || form._downscaled) return;
    var inputs = Array.prototype.filter.call(form.querySelectorAll("input[type=file]"), function (i) {
      return i.files && i.files.length;
    });
    if (!inputs.length || !window.DataTransfer) return;
    event.preventDefault();
    Promise.all(inputs.map(function (input) {
      return Promise.all(Array.prototype.map.call(input.files, downscale)).then(function (files) {
        var transfer = new DataTransfer();
        files.forEach(function (f) { transfer.items.add(f); });
        input.files = transfer.files;
      });
    })).then(function () {
      form._downscaled = true;
      event.detail.issueRequest(true);
      form._downscaled = false;
    });
  });
})();
