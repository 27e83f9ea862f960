// Behaviour that used to live in inline event handlers, which the Content-Security-Policy forbids.
// <button data-print> prints the page; <select data-autosubmit> submits its form when changed;
// <form data-confirm="question"> is submitted only when the user confirms.
// A task page ([data-task-status]) shows its progress once a second and reloads when the task ends.
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
(function () {
  var task = document.querySelector("[data-task-status]");
  if (!task || task.getAttribute("data-finished") === "1") return;
  function field(name) { return task.querySelector('[data-task-field="' + name + '"]'); }
  function poll() {
    fetch(task.getAttribute("data-task-status"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.finished) { window.location.reload(); return; }
        if (field("percent")) field("percent").value = status.percent;
        if (field("status_label")) field("status_label").textContent = status.status_label;
        if (field("steps")) field("steps").textContent = (task.getAttribute("data-steps-format") || "%(done)s / %(total)s")
          .replace("%(done)s", status.steps_done).replace("%(total)s", status.steps_total);
        if (status.status !== "waiting") task.querySelectorAll("[data-task-waiting]").forEach(function (node) { node.hidden = true; });
        if (field("step")) field("step").textContent = status.step;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
