// imsetup: small comforts on top of pages that work without JavaScript.
// The copy buttons are hidden in the HTML and shown here, so a browser
// without scripts shows plain, selectable values instead.
"use strict";
(function () {
  function valueOf(button) {
    var holder = button.parentElement;
    var el = holder && holder.querySelector("[data-value], [data-fingerprint]");
    return el ? el.textContent.trim() : "";
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-http intranets have no Clipboard API: fall back to a selection.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  // Screen readers hear "Copied" through the page's live region; emptied
  // first so that a second copy is announced again.
  function announce(text) {
    var region = document.getElementById("announce");
    if (!region) { return; }
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  // When the clipboard refuses, select the value: Ctrl+C then copies it.
  function select(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.querySelectorAll("button.copy").forEach(function (button, i) {
    var label = button.textContent;
    var value = button.parentElement && button.parentElement.querySelector("[data-value], [data-fingerprint]");
    if (!value) { return; }
    // "Copy" alone does not say what: the button is described by its value.
    if (!value.id) { value.id = "copy-value-" + i; }
    button.setAttribute("aria-describedby", value.id);
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(valueOf(button)).then(function () {
        var done = button.getAttribute("data-copy-label") || label;
        button.textContent = done;
        button.setAttribute("data-copied", "");
        announce(done);
        setTimeout(function () {
          button.textContent = label;
          button.removeAttribute("data-copied");
        }, 2000);
      }).catch(function () { select(value); });
    });
  });
})();
