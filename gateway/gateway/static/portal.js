// The portal's only script (its Content-Security-Policy allows no inline script). Every page
// works without it; it adds confirmations and upload progress.
"use strict";

document.addEventListener("submit", function (event) {
  var form = event.target, question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
});

// Shows upload progress for large imports (forms marked data-upload-progress).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || !form.hasAttribute("data-upload-progress")) { return; }
  if (!window.XMLHttpRequest || !window.FormData) { return; }
  var bar = form.querySelector("progress"), status = form.querySelector("[data-upload-status]");
  event.preventDefault();
  bar.hidden = false; status.hidden = false;
  var request = new XMLHttpRequest();
  request.upload.onprogress = function (e) { if (e.lengthComputable) { bar.value = Math.round(e.loaded * 90 / e.total); } };
  request.onload = function () {
    // The answer is the page to show (after a redirect: the current order with its notice).
    bar.value = 100;
    if (request.responseURL) { history.replaceState(null, "", request.responseURL); }
    document.open(); document.write(request.responseText); document.close();
  };
  request.open("POST", form.getAttribute("action"));
  request.send(new FormData(form));
});

// Keeps what is typed in a form marked data-keeps-typed (the current order's address and
// remarks) when the page is left by another of its forms (a search, a product added, an import):
// saved first with action "keep", then the other form goes on as submitted. It listens before
// the handlers above (capture), which then see only the submit that goes on.
(function () {
  var kept = document.querySelector("form[data-keeps-typed]");
  if (!kept || !window.fetch || !window.FormData) { return; }
  var typed = false;
  kept.addEventListener("input", function () { typed = true; });
  kept.addEventListener("change", function () { typed = true; });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!typed || form === kept) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    typed = false;
    var body = new FormData(kept);
    body.set("action", "keep");
    var goOn = function () { form.requestSubmit(event.submitter || undefined); };
    fetch(kept.getAttribute("action"), {method: "POST", body: body, credentials: "same-origin", redirect: "manual"}).then(goOn, goOn);
  }, true);
}());

// A table wider than the screen scrolls sideways inside its wrapper; the keyboard reaches that
// scroll only when the wrapper takes focus, so it does while it overflows (and only then).
(function () {
  function focusableWhileOverflowing() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) { wrap.tabIndex = 0; } else { wrap.removeAttribute("tabindex"); }
    });
  }
  focusableWhileOverflowing();
  window.addEventListener("resize", focusableWhileOverflowing);
})();
