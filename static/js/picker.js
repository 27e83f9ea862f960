/*
 * Position pickers: an <input data-picker> inside a <form data-picker-src> offers the positions
 * the user may see (fetched once as JSON) whose code or title contains what is typed, or whose
 * title's pinyin initials start with it (sczj → 市场总监; pinyin-pro is loaded on the first Latin
 * query). Choosing one puts its code in the input. Keys: ↑ ↓ to move, Enter to choose, Esc to close.
 */
(function () {
  "use strict";
  var MAX = 20;
  var positions = null;
  var loading = null;
  var pinyin = null;

  function load(form) {
    if (!loading) {
      loading = fetch(form.dataset.pickerSrc, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) { positions = data.positions.map(function (row) {
          return { code: row[0], title: row[1], department: row[2], lower: (row[0] + " " + row[1]).toLowerCase() };
        }); });
    }
    return loading;
  }

  function loadPinyin(form) {
    if (!pinyin) {
      pinyin = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = form.dataset.pinyinSrc;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      }).then(function () {
        positions.forEach(function (p) {
          p.initials = window.pinyinPro.pinyin(p.title, { pattern: "first", toneType: "none", type: "array" }).join("").toLowerCase();
        });
      });
    }
    return pinyin;
  }

  function matches(query) {
    var found = [];
    for (var i = 0; i < positions.length && found.length < MAX; i++) {
      var p = positions[i];
      if (p.lower.indexOf(query) >= 0 || (p.initials && p.initials.indexOf(query) === 0)) found.push(p);
    }
    return found;
  }

  function Picker(input) {
    this.input = input;
    this.form = input.form;
    this.list = document.createElement("ul");
    this.list.className = "picker-list";
    this.list.setAttribute("role", "listbox");
    this.list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-expanded", "false");
    input.parentNode.appendChild(this.list);
    this.active = -1;
    var self = this;
    input.addEventListener("focus", function () { load(self.form); });
    input.addEventListener("input", function () { self.update(); });
    input.addEventListener("keydown", function (event) { self.key(event); });
    input.addEventListener("blur", function () { setTimeout(function () { self.close(); }, 150); });
    this.list.addEventListener("mousedown", function (event) {
      var item = event.target.closest("li[data-code]");
      if (item) { event.preventDefault(); self.choose(item.dataset.code); }
    });
  }

  Picker.prototype.update = function () {
    var self = this;
    var query = this.input.value.trim().toLowerCase();
    if (!query) { this.close(); return; }
    load(this.form).then(function () {
      if (/^[a-z]+$/.test(query) && !pinyin) {
        loadPinyin(self.form).then(function () { self.update(); }, function () {});
      }
      self.show(matches(query));
    });
  };

  Picker.prototype.show = function (found) {
    var list = this.list;
    list.textContent = "";
    this.active = -1;
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = this.form.dataset.none;
      list.appendChild(none);
    }
    found.forEach(function (p) {
      var item = document.createElement("li");
      item.dataset.code = p.code;
      item.setAttribute("role", "option");
      var title = document.createElement("strong");
      title.textContent = p.title;
      var rest = document.createElement("span");
      rest.className = "muted";
      rest.textContent = " " + p.code + (p.department ? " · " + p.department : "");
      item.appendChild(title);
      item.appendChild(rest);
      list.appendChild(item);
    });
    list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Picker.prototype.key = function (event) {
    var items = this.list.querySelectorAll("li[data-code]");
    if (this.list.hidden || !items.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      this.active = (this.active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items.forEach(function (item, index) { item.classList.toggle("active", index === this.active); }, this);
    } else if (event.key === "Enter" && this.active >= 0) {
      event.preventDefault();
      this.choose(items[this.active].dataset.code);
    } else if (event.key === "Escape") {
      this.close();
    }
  };

  Picker.prototype.choose = function (code) {
    this.input.value = code;
    this.close();
    var next = Array.prototype.find.call(this.form.querySelectorAll("input[data-picker]"), function (input) { return !input.value; });
    if (next) next.focus();
  };

  Picker.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
  };

  document.querySelectorAll("form[data-picker-src] input[data-picker]").forEach(function (input) { new Picker(input); });
})();
