// Article page: clicking a highlighted claim opens its claim page; hovering a claim in the list
// outlines it in the text. Everything also works without this script (the list has links).
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  if (!text) { return; }
  text.addEventListener("click", function (event) {
    if (window.getSelection && String(window.getSelection())) { return; } // selecting text, not clicking
    var mark = event.target.closest("mark.claim");
    if (mark) { window.location.assign("/claims/" + encodeURIComponent(mark.dataset.claim)); }
  });
  document.querySelectorAll("#article-claims li[data-claim]").forEach(function (item) {
    var marks = text.querySelectorAll('mark.claim[data-claim="' + item.dataset.claim + '"]');
    item.addEventListener("mouseenter", function () { marks.forEach(function (m) { m.style.outline = "2px solid #2563eb"; }); });
    item.addEventListener("mouseleave", function () { marks.forEach(function (m) { m.style.outline = ""; }); });
  });
})();
