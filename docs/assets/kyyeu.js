// The search button of every page (overrides/partials/kyyeu-search.html): opening search loads
// assets/search.js and its stylesheet (and through them Pagefind), never on page load; on the search
// page itself they load at once. A file rather than an inline script, so that pages do not each carry
// it (1.6 KB a page) and the browser keeps one copy.
// The keyboard: "/" opens search (on the search page it goes to the page's own box), Enter or Space on
// the header's search button opens it, the arrow keys move between the box and the results, and Escape
// closes it and gives focus back to where it was.
(function () {
  var box = document.getElementById("ky-search"), toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector("input"), button = document.querySelector(".ky-search-button");
  var started = false, lockY = null, opener = null;
  var phone = window.matchMedia("(max-width: 59.984375em)");
  function start() {
    if (started) return;
    started = true;
    window.kySearchStart = performance.now();
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = box.dataset.css;
    document.head.appendChild(css);
    import(new URL(box.dataset.js, location.href).href).then(function (m) { m.boot(box); }, function (e) {
      started = false;  /* offline or blocked: the form still opens the search page */
      console.error(e);
    });
  }
  function lock(on) {  /* as Material does: the page under the full-screen search does not scroll */
    var body = document.body;
    if (on && phone.matches && lockY === null) {
      lockY = window.scrollY;
      body.style.top = -lockY + "px";
      body.setAttribute("data-md-scrolllock", "");
    } else if (!on && lockY !== null) {
      body.removeAttribute("data-md-scrolllock");
      body.style.top = "";
      window.scrollTo(0, lockY);
      lockY = null;
    }
  }
  function remember(el) {  /* where focus goes back when search closes: not the search itself, not the page */
    if (el && el !== document.body && !box.contains(el)) opener = el;
  }
  function visible(el) { return el && el.isConnected && el.getClientRects().length > 0; }
  function open() {
    remember(document.activeElement);
    if (toggle.checked) { input.focus(); return; }
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
  }
  function close(giveBack) {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    if (!giveBack) return;
    var back = visible(opener) ? opener : visible(button) ? button : null;
    opener = null;
    if (back) back.focus(); else input.blur();
  }
  toggle.addEventListener("change", function () {
    lock(toggle.checked);
    if (button) button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    if (toggle.checked) { input.focus(); start(); }
  });
  input.addEventListener("focus", function (e) {
    remember(e.relatedTarget);
    if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
    start();
  });
  if (button) button.addEventListener("click", open);
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && toggle.checked) {
      e.preventDefault();
      close(true);
    } else if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)) {
      e.preventDefault();
      var own = document.querySelector("#ky-search-page input[name=q]");
      if (own) own.focus(); else open();
    }
  });
  // Arrow keys: from the box down into the results and between them; up from the first result to the box.
  box.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(box.querySelectorAll(".md-search-result__list a"));
    var i = links.indexOf(document.activeElement);
    if (document.activeElement === input) i = -1; else if (i < 0) return;
    var next = e.key === "ArrowDown" ? i + 1 : i - 1;
    if (next >= links.length) return;
    e.preventDefault();
    (next < 0 ? input : links[next]).focus();
  });
  // Tabbing out of the open search closes it (a tap inside it has no new focus target and keeps it open).
  box.addEventListener("focusout", function (e) {
    if (toggle.checked && e.relatedTarget && !box.contains(e.relatedTarget) && e.relatedTarget !== button) close(false);
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (document.getElementById("ky-search-page")) start();
  });
  if (toggle.checked) { lock(true); start(); }  /* opened before this deferred script ran */
})();
