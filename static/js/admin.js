// Admin behaviour that third-party templates wire up with inline handlers, which our
// Content-Security-Policy blocks: the export page's "select all" checkbox (django-import-export),
// one per kind of list, each acting on its own list's columns.
function resourceRow(element) {
  return element.closest(".selectable-field-export-row[resource-index]");
}
document.addEventListener("change", function (event) {
  var toggle = event.target.closest("input.select-toggle");
  var row = toggle && resourceRow(toggle);
  if (!row) return;
  var selector = '.selectable-field-export-row[resource-index="' + row.getAttribute("resource-index") + '"] input[type="checkbox"]';
  document.querySelectorAll(selector).forEach(function (checkbox) {
    if (checkbox !== toggle) checkbox.checked = toggle.checked;
  });
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    var row = resourceRow(toggle);
    var label = toggle.parentNode.querySelector("label");
    toggle.id = "select-all-toggle-" + (row ? row.getAttribute("resource-index") : "0");
    if (label) label.htmlFor = toggle.id; // the library gives every label the same target
  });
});
