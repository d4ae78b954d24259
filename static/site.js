// Article page: clicking a highlighted claim opens its claim page; j/k move through the claims
// (the claim is outlined in the text and in the list), Enter opens it. Everything also works
// without this script (the list has links).
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  if (!text) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("#article-claims li[data-claim]"));
  var current = -1;

  function marksOf(item) {
    return text.querySelectorAll('mark.claim[data-claim="' + item.dataset.claim + '"]');
  }

  function outline(item, on) {
    marksOf(item).forEach(function (m) { m.style.outline = on ? "2px solid #2563eb" : ""; });
  }

  function select(index) {
    if (!items.length) { return; }
    if (current >= 0) { items[current].classList.remove("active"); outline(items[current], false); }
    current = Math.max(0, Math.min(items.length - 1, index));
    var item = items[current];
    item.classList.add("active");
    outline(item, true);
    var first = marksOf(item)[0];
    (first || item).scrollIntoView({ block: "center" });
  }

  text.addEventListener("click", function (event) {
    if (window.getSelection && String(window.getSelection())) { return; } // selecting text, not clicking
    var mark = event.target.closest("mark.claim");
    if (mark) { window.location.assign("/claims/" + encodeURIComponent(mark.dataset.claim)); }
  });
  items.forEach(function (item) {
    item.addEventListener("mouseenter", function () { outline(item, true); });
    item.addEventListener("mouseleave", function () { outline(item, items[current] === item); });
  });
  document.addEventListener("keydown", function (event) {
    if (event.target.closest && event.target.closest("input, textarea, select")) { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "j") { select(current + 1); }
    else if (event.key === "k") { select(current - 1); }
    else if (event.key === "Enter" && current >= 0) {
      window.location.assign("/claims/" + encodeURIComponent(items[current].dataset.claim));
    }
  });
})();
