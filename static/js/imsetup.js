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

  document.querySelectorAll("button.copy").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(valueOf(button)).then(function () {
        button.textContent = button.getAttribute("data-copy-label") || label;
        button.setAttribute("data-copied", "");
        setTimeout(function () {
          button.textContent = label;
          button.removeAttribute("data-copied");
        }, 2000);
      }).catch(function () { /* the value stays selectable */ });
    });
  });
})();
