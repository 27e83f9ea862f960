// Behaviour that used to live in inline event handlers, which the Content-Security-Policy forbids.
// <button data-print> prints the page; <select data-autosubmit> submits its form when changed.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
document.addEventListener("change", function (event) {
  var select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.submit();
});
