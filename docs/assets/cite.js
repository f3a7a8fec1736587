/* Kỷ yếu: the copy buttons of the cite box (overrides/partials/kyyeu-cite.html). No library.
   A button copies the plain text of the reference it names; it is shown only when copying can work. */
(function () {
  "use strict";
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }
  var status = document.getElementById("ky-cite-status");  /* announced by screen readers (role=status) */
  function say(text) {
    if (!status) return;
    status.textContent = "";  /* the same message twice is announced twice */
    setTimeout(function () { status.textContent = text; }, 50);
  }
  var buttons = document.querySelectorAll("[data-ky-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var target = document.getElementById(button.getAttribute("data-ky-copy"));
    if (!target) return;
    var label = button.firstChild.nodeValue;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent.replace(/\s+/g, " ").trim();
      copy(text).then(function () {
        button.firstChild.nodeValue = button.getAttribute("data-ky-done");
        say(button.getAttribute("data-ky-said"));
        setTimeout(function () { button.firstChild.nodeValue = label; }, 2000);
      }, function () {
        var range = document.createRange();  /* could not copy: select the text for Ctrl+C */
        range.selectNodeContents(target);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        say(button.getAttribute("data-ky-failed"));
      });
    });
  });
})();
