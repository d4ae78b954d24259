// Claim page: an editor selects words in the claim's paragraph and presses "Use the selection";
// the form's start and end offsets (positions in the article text) are filled from it, and the
// chosen words are shown. The offsets stay visible and editable, so the forms work without this.
(function () {
  "use strict";
  var context = document.getElementById("claim-context");
  if (!context) { return; }
  var base = Number(context.dataset.start || 0);

  function offsetOf(node, offset) {
    var range = document.createRange();
    range.setStart(context, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  // The selection as article offsets without surrounding white space, or null when there is none
  // inside the paragraph.
  function selected() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    if (!context.contains(range.startContainer) || !context.contains(range.endContainer)) { return null; }
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    var shown = context.textContent;
    while (start < end && /\s/.test(shown.charAt(start))) { start += 1; }
    while (end > start && /\s/.test(shown.charAt(end - 1))) { end -= 1; }
    if (start === end) { return null; }
    return { start: base + start, end: base + end, text: shown.slice(start, end) };
  }

  function use(button) {
    var form = button.closest("form");
    var preview = form.querySelector("[data-selection-preview]");
    var span = selected();
    if (!span) {
      preview.textContent = "Select some words in the paragraph above first.";
      preview.className = "small error";
      return;
    }
    form.elements.start.value = span.start;
    form.elements.end.value = span.end;
    preview.textContent = "“" + span.text + "” (" + span.start + "–" + span.end + ")";
    preview.className = "small selection-preview";
  }

  document.querySelectorAll("button[data-use-selection]").forEach(function (button) {
    button.hidden = false;
    // keep the selection: pressing the button must not clear it before it is read
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () { use(button); });
  });
})();
