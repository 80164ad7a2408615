// Approvals: the selected row follows taps at once, and defect photos open in a lightbox
// (tap to enlarge, swipe or arrow keys between photos, Escape or tap outside to close).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".approval-row .row-link");
    if (!link) return;
    document.querySelectorAll(".approval-row .row-link[aria-current]").forEach(function (a) {
      a.removeAttribute("aria-current");
    });
    link.setAttribute("aria-current", "true");
  });

  // On a phone the detail sits under the list: bring it into view after a tap.
  document.addEventListener("htmx:afterSwap", function (event) {
    var el = event.detail.target;
    if (el && el.id === "approval-detail" && window.matchMedia("(max-width: 767px)").matches) {
      el.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  });

  var box = null, img = null, caption = null, counter = null, items = [], index = 0, startX = null;

  function build() {
    box = document.getElementById("lightbox");
    if (!box) return false;
    img = box.querySelector("img");
    caption = box.querySelector(".lb-caption");
    counter = box.querySelector(".lb-count");
    box.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-lb");
      if (action === "prev") show(index - 1);
      else if (action === "next") show(index + 1);
      else if (action === "close" || event.target === box) close();
    });
    box.addEventListener("touchstart", function (event) { startX = event.touches[0].clientX; }, { passive: true });
    box.addEventListener("touchend", function (event) {
      if (startX === null) return;
      var dx = event.changedTouches[0].clientX - startX;
      startX = null;
      if (Math.abs(dx) > 40) show(index + (dx < 0 ? 1 : -1));
    });
    return true;
  }

  function show(i) {
    if (!items.length) return;
    index = (i + items.length) % items.length;
    var a = items[index];
    img.src = a.getAttribute("href");
    img.alt = a.querySelector("img") ? a.querySelector("img").alt : "";
    caption.textContent = a.getAttribute("data-caption") || "";
    counter.textContent = items.length > 1 ? (index + 1) + " / " + items.length : "";
    box.classList.toggle("lb-single", items.length < 2);
  }

  function close() {
    box.hidden = true;
    img.removeAttribute("src");
    document.body.classList.remove("lb-open");
  }

  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a[data-lightbox]");
    if (!a || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    if (!box && !build()) return; // no viewer on this page: follow the link
    var gallery = a.closest("[data-gallery]") || document;
    items = Array.prototype.slice.call(gallery.querySelectorAll("a[data-lightbox]"));
    box.hidden = false;
    document.body.classList.add("lb-open");
    show(items.indexOf(a));
    box.querySelector(".lb-close").focus();
  });

  document.addEventListener("keydown", function (event) {
    if (!box || box.hidden) return;
    if (event.key === "Escape") close();
    else if (event.key === "ArrowRight") show(index + 1);
    else if (event.key === "ArrowLeft") show(index - 1);
  });
})();
