// The search button of every page (overrides/partials/kyyeu-search.html): opening search loads
// assets/search.js and its stylesheet (and through them Pagefind), never on page load; on the search
// page itself they load at once. A file rather than an inline script, so that pages do not each carry
// it (1.6 KB a page) and the browser keeps one copy.
(function () {
  var box = document.getElementById("ky-search"), toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector("input"), started = false, lockY = null;
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
  toggle.addEventListener("change", function () {
    lock(toggle.checked);
    if (toggle.checked) { input.focus(); start(); }
  });
  input.addEventListener("focus", function () {
    if (!toggle.checked) toggle.checked = true;
    start();
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (document.getElementById("ky-search-page")) start();
  });
  if (toggle.checked) { lock(true); start(); }  /* opened before this deferred script ran */
})();
