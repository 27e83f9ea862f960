// Behaviour that used to live in inline event handlers, which the Content-Security-Policy forbids.
// <button data-print> prints the page; <select data-autosubmit> submits its form when changed;
// <form data-confirm="question"> is submitted only when the user confirms.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
document.addEventListener("change", function (event) {
  var select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.submit();
});
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
