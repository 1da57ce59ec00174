/* Copy-link button of the share bar; falls back to selecting the URL where the clipboard is unavailable. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-herald-copy]");
  if (!button) return;
  var url = button.getAttribute("data-herald-copy");
  var status = button.parentElement.querySelector(".herald-share__status");
  var done = function (message) { if (status) status.textContent = message; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url).then(
      function () { done("Link copied"); },
      function () { done(url); }
    );
  } else {
    done(url);
  }
});
