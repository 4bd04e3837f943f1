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
  request.open("POST", form.action);
  request.send(new FormData(form));
});
