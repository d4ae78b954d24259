// Review queue keys: 1-9 pick a rating, s saves, j/k next/previous, u undo, ? help, Esc closes.
// No framework, no build step; the page works without it through its buttons and links.
(function () {
  "use strict";
  var form = document.getElementById("verdict-form");
  var help = document.getElementById("help");
  var typing = "input:not([type=radio]):not([type=checkbox]), textarea, select, [contenteditable]";

  function go(id) {
    var link = document.getElementById(id);
    if (link && link.getAttribute("href")) { window.location.assign(link.href); }
  }

  function submit(target) {
    if (!target) { return; }
    if (target.requestSubmit) { target.requestSubmit(); } else { target.submit(); }
  }

  function pickRating(n) {
    var radios = document.querySelectorAll("#verdict-form input[name=rating]");
    if (n <= radios.length) { radios[n - 1].checked = true; radios[n - 1].focus(); }
  }

  function onTextKey(event) {
    if (event.key === "Escape") { event.target.blur(); }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && form && form.contains(event.target)) {
      event.preventDefault();
      submit(form);
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.target.closest && event.target.closest(typing)) { onTextKey(event); return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key;
    if (key === "?") { help.hidden = !help.hidden; event.preventDefault(); return; }
    if (key === "Escape") { help.hidden = true; return; }
    if (/^[1-9]$/.test(key)) { pickRating(Number(key)); event.preventDefault(); }
    else if (key === "s") { event.preventDefault(); submit(form); }
    else if (key === "j") { go("next"); }
    else if (key === "k") { go("prev"); }
    else if (key === "u") { submit(document.getElementById("undo-form")); }
  });

  if (help) { help.addEventListener("click", function (e) { if (e.target === help) { help.hidden = true; } }); }
})();
