/*
 * The interactive org charts: the company's departments (home page) and the reporting
 * lines of positions. d3-hierarchy lays the tree out, d3-zoom gives zoom and pan; this
 * script only adds what is ours: the boxes, expand/collapse, search, export and print.
 *
 * The page holds <div class="chart" data-kind data-url data-file-name data-labels>; the data
 * is a flat list of nodes {id, parent, code, name, url, ...} fetched once from data-url.
 * Every visible text comes translated from the page (json_script "chart-labels").
 */
(function () {
  "use strict";

  var BOX_W = 184;
  var BOX_H = 72;
  var GAP_X = 18;
  var GAP_Y = 48;
  var OPEN_DEPTH = 3; // levels shown when the chart opens
  var OPEN_CHILDREN = 100; // a box with more direct children than this opens collapsed
  var STACK_AFTER = 8; // more leaf children than this are stacked in rows
  var EXPAND_ALL_LIMIT = 2000; // "expand all" stops adding levels past this many boxes
  var MARGIN = 24;
  var FONT = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Source Han Sans SC', sans-serif";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var COLORS = {
    box: "#ffffff", stroke: "#2f5d8a", text: "#1b2b3a", muted: "#4a5a6a", link: "#7d8e9e",
    highlight: "#fff3bf", highlightStroke: "#d97706", dotted: "#c2410c", toggle: "#2f5d8a",
    company: "#eaf1fb", short: "#b91c1c", over: "#b45309",
  };

  // 缺编 (fewer people in post than planned) or 超编 (more): a small mark in the box's corner.
  function gapMark(gap, labels) {
    if (gap == null || gap === 0) return null;
    return gap < 0
      ? { text: format(labels.short, { n: -gap }), color: COLORS.short }
      : { text: format(labels.over, { n: gap }), color: COLORS.over };
  }

  function textWidth(text, size) {
    var width = 0;
    for (var ch of text) width += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? size : size * 0.6;
    return width;
  }

  // [text, font size]: the largest of ``sizes`` at which ``text`` fits, else clipped at the smallest.
  function fit(text, maxWidth, sizes) {
    text = text || "";
    for (var size of sizes) if (textWidth(text, size) <= maxWidth) return [text, size];
    var smallest = sizes[sizes.length - 1];
    return [clip(text, maxWidth, smallest), smallest];
  }

  function clip(text, maxWidth, size) {
    text = text || "";
    if (textWidth(text, size) <= maxWidth) return text;
    var out = "";
    for (var ch of text) {
      if (textWidth(out + ch + "…", size) > maxWidth) break;
      out += ch;
    }
    return out + "…";
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  class OrgChart {
    constructor(element) {
      this.el = element;
      this.kind = element.dataset.kind;
      this.fileName = element.dataset.fileName || "chart";
      this.labels = JSON.parse(document.getElementById(element.dataset.labels).textContent);
      this.toolbar = element.previousElementSibling;
      this.highlighted = null;
      this.matches = [];
      this.lastQuery = null;
      this.showDotted = true;
      this.transform = d3.zoomIdentity;
    }

    load(url) {
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then((data) => this.start(data.nodes))
        .catch((error) => {
          this.message(this.labels.loadFailed, "error");
          this.el.dataset.state = "failed";
          if (window.console) console.warn("chart data", error);
        });
    }

    message(text, className) {
      var p = document.createElement("p");
      p.className = "chart-message " + (className || "empty");
      p.textContent = text;
      this.el.replaceChildren(p);
    }

    start(nodes) {
      if (!nodes.length) {
        this.message(this.kind === "positions" ? this.labels.emptyPositions : this.labels.emptyDepartments);
        this.toolbar.querySelectorAll("button, input").forEach(function (control) { control.disabled = true; });
        this.el.dataset.state = "empty";
        return;
      }
      this.build(nodes);
      this.el.replaceChildren();
      this.svg = d3.select(this.el).append("svg")
        .attr("class", "chart-canvas")
        .attr("role", "img")
        .attr("font-family", FONT);
      this.content = this.svg.append("g").attr("class", "chart-content");
      this.linkLayer = this.content.append("g").attr("class", "links");
      this.dottedLayer = this.content.append("g").attr("class", "dotted-links");
      this.nodeLayer = this.content.append("g").attr("class", "nodes");
      this.zoom = d3.zoom().scaleExtent([0.02, 4]).on("zoom", (event) => {
        this.transform = event.transform;
        if (!this.printing) this.content.attr("transform", event.transform);
      });
      this.svg.call(this.zoom).on("dblclick.zoom", null);
      this.bindToolbar();
      this.bindPrint();
      this.render();
      this.fit(0.45);
      this.el.dataset.state = "drawn";
      this.el.dataset.drawnAt = String(performance.now());
    }

    build(nodes) {
      var byId = new Map();
      nodes.forEach(function (data) { byId.set(data.id, { data: data, children: [], parent: null, expanded: false }); });
      var root = { data: { id: "root" }, children: [], parent: null, expanded: true, virtual: true, depth: 0 };
      nodes.forEach(function (data) {
        var node = byId.get(data.id);
        node.parent = (data.parent != null && byId.get(data.parent)) || root;
        node.parent.children.push(node);
      });
      var stack = [root];
      while (stack.length) {
        var node = stack.pop();
        node.children.forEach(function (child) {
          child.depth = node.depth + 1;
          child.expanded = child.depth < OPEN_DEPTH && child.children.length <= OPEN_CHILDREN;
          stack.push(child);
        });
      }
      this.root = root;
      this.byId = byId;
      this.all = Array.from(byId.values());
    }

    layoutChildren(node) {
      // What d3.tree sees below a node. More than STACK_AFTER leaf children are stacked in
      // a block of rows, like the server-side picture: d3.tree gets a chain of placeholders,
      // one per row and as wide as the block, so that neighbouring subtrees keep clear.
      if (node.stackOf) return node.next ? [node.next] : null;
      if (!node.expanded || !node.children.length) return null;
      if (node.virtual) return node.children;
      var leaves = node.children.filter(function (child) { return !child.children.length; });
      if (leaves.length <= STACK_AFTER) return node.children;
      var columns = Math.ceil(Math.sqrt(leaves.length));
      var chain = null;
      for (var row = Math.ceil(leaves.length / columns) - 1; row >= 0; row--) {
        chain = { stackOf: node, row: row, columns: columns, leaves: leaves, next: chain, children: [],
                  data: { id: "stack-" + node.data.id + "-" + row } };
      }
      return node.children.filter(function (child) { return child.children.length; }).concat([chain]);
    }

    render() {
      var unit = BOX_W + GAP_X, level = BOX_H + GAP_Y;
      var hierarchy = d3.hierarchy(this.root, (node) => this.layoutChildren(node));
      var span = function (d) { return d.data.stackOf ? d.data.columns : 1; };
      d3.tree().nodeSize([unit, level])
        .separation(function (a, b) { return (span(a) + span(b)) / 2 + (a.parent === b.parent ? 0 : 0.2); })(hierarchy);
      var visible = [];
      hierarchy.descendants().forEach(function (d) {
        if (d.data.virtual) return;
        if (!d.data.stackOf) {
          d.y = (d.depth - 1) * level;
          visible.push(d);
        } else if (d.data.row === 0) {
          var columns = d.data.columns;
          var left = d.x - ((columns - 1) * unit) / 2;
          d.data.leaves.forEach(function (leaf, index) {
            var row = Math.floor(index / columns);
            visible.push({
              data: leaf, parent: d.parent, stacked: true, depth: d.depth + row,
              x: left + (index % columns) * unit, y: (d.depth - 1 + row) * level,
            });
          });
        }
      });
      var placed = new Map();
      visible.forEach(function (d) { placed.set(d.data.data.id, d); });
      this.visible = visible;
      this.placed = placed;

      this.linkLayer.selectAll("path")
        .data(visible.filter(function (d) { return !d.parent.data.virtual; }), function (d) { return d.data.data.id; })
        .join("path")
        .attr("fill", "none")
        .attr("stroke", COLORS.link)
        .attr("d", function (d) {
          var middle = d.parent.y + BOX_H + GAP_Y / 2;
          var start = "M" + d.parent.x + "," + (d.parent.y + BOX_H) + "V" + middle;
          if (d.stacked) {
            var trunk = d.x - BOX_W / 2 - GAP_X / 2; // down the gap left of the box's column
            return start + "H" + trunk + "V" + (d.y + BOX_H / 2) + "H" + (d.x - BOX_W / 2);
          }
          return start + "H" + d.x + "V" + d.y;
        });

      this.renderDotted();

      var chart = this;
      var labels = this.labels;
      this.nodeLayer.selectAll("g.chart-node")
        .data(visible, function (d) { return d.data.data.id; })
        .join(function (enter) {
          var group = enter.append("g").attr("class", "chart-node").attr("tabindex", 0);
          group.each(function (d) { chart.drawBox(d3.select(this), d.data); });
          group.on("click", function (event, d) {
            if (event.target.closest("a")) return; // the title link opens the page
            chart.toggle(d.data);
          });
          group.on("keydown", function (event, d) {
            if (event.target !== this || (event.key !== "Enter" && event.key !== " ")) return;
            event.preventDefault();
            chart.toggle(d.data);
          });
          return group;
        })
        .attr("transform", function (d) { return "translate(" + (d.x - BOX_W / 2) + "," + d.y + ")"; })
        .attr("data-code", function (d) { return d.data.data.code; })
        .classed("highlight", function (d) { return d.data === chart.highlighted; })
        .each(function (d) {
          var node = d.data;
          var group = d3.select(this);
          var lit = node === chart.highlighted;
          group.select("rect.box")
            .attr("fill", lit ? COLORS.highlight : node.data.company ? COLORS.company : COLORS.box)
            .attr("stroke", lit ? COLORS.highlightStroke : COLORS.stroke)
            .attr("stroke-width", lit ? 3 : 1);
          var toggle = group.select("g.toggle").attr("display", node.children.length ? null : "none");
          if (node.children.length) {
            toggle.select("text").text(node.expanded ? "−" : "+" + node.children.length);
            toggle.select("title").text(node.expanded ? labels.collapse : format(labels.expand, { n: node.children.length }));
          }
        });
    }

    drawBox(group, node) {
      var data = node.data;
      var labels = this.labels;
      var lines;
      if (this.kind === "positions") {
        var planned = data.headcount == null ? labels.noHeadcount : format(labels.headcount, { n: data.headcount });
        lines = [
          [data.department, data.level].filter(Boolean).join(" · "),
          data.actual == null ? planned : planned + " · " + format(labels.actual, { n: data.actual }),
        ];
      } else {
        var numbersLabel = data.positions === 1 ? labels.departmentNumbersOne : labels.departmentNumbers;
        var numbers = format(numbersLabel, { headcount: data.headcount, positions: data.positions });
        if (data.actual != null) numbers = format(labels.headcount, { n: data.headcount }) + " · " + format(labels.actual, { n: data.actual });
        lines = [data.head ? format(labels.head, { title: data.head }) : labels.noHead, numbers];
      }
      var mark = gapMark(data.gap, labels);
      var tooltip = [data.name, data.code].concat(lines);
      if (this.kind !== "positions") {
        if (data.actual != null) tooltip.push(format(numbersLabel, { headcount: data.headcount, positions: data.positions }));
        if (data.unset) tooltip.push(format(data.unset === 1 ? labels.unsetOne : labels.unset, { n: data.unset }));
        if (data.authorised != null) tooltip.push(format(labels.authorised, { n: data.authorised }));
        if (data.company) tooltip.push(labels.company);
      }
      if (mark) tooltip.push(mark.text);
      group.append("title").text(tooltip.join("\n"));
      group.append("rect").attr("class", "box")
        .attr("width", BOX_W).attr("height", BOX_H).attr("rx", 4)
        .attr("fill", data.company ? COLORS.company : COLORS.box).attr("stroke", COLORS.stroke);
      if (data.company) {
        group.append("rect").attr("class", "company-band").attr("width", BOX_W).attr("height", 5).attr("rx", 2)
          .attr("fill", COLORS.stroke).attr("pointer-events", "none");
      }
      if (mark) {
        group.append("text").attr("class", "gap")
          .attr("x", BOX_W - 5).attr("y", 15).attr("text-anchor", "end")
          .attr("font-size", 11).attr("font-weight", "bold").attr("fill", mark.color).attr("pointer-events", "none")
          .text(mark.text);
      }
      // A long name or line is set smaller before it is clipped (the whole text is in the tooltip).
      var name = fit(data.name, mark ? BOX_W - 2 * (textWidth(mark.text, 11) + 8) : BOX_W - 16, [14, 13, 12]);
      group.append("a").attr("href", data.url).append("text")
        .attr("x", BOX_W / 2).attr("y", 22).attr("text-anchor", "middle")
        .attr("font-size", name[1]).attr("font-weight", "bold").attr("fill", COLORS.text)
        .text(name[0]);
      lines.forEach(function (line, index) {
        var fitted = fit(line, BOX_W - 12, [12, 11, 10]);
        group.append("text")
          .attr("x", BOX_W / 2).attr("y", 42 + index * 18).attr("text-anchor", "middle")
          .attr("font-size", fitted[1]).attr("fill", COLORS.muted).attr("pointer-events", "none")
          .text(fitted[0]);
      });
      var toggle = group.append("g").attr("class", "toggle")
        .attr("transform", "translate(" + BOX_W / 2 + "," + BOX_H + ")");
      toggle.append("title");
      toggle.append("rect").attr("x", -19).attr("y", -8).attr("width", 38).attr("height", 16).attr("rx", 8)
        .attr("fill", COLORS.box).attr("stroke", COLORS.toggle);
      toggle.append("text").attr("y", 4).attr("text-anchor", "middle").attr("font-size", 11).attr("fill", COLORS.toggle);
    }

    renderDotted() {
      var placed = this.placed;
      var pairs = [];
      if (this.kind === "positions" && this.showDotted) {
        this.visible.forEach(function (d) {
          (d.data.data.dotted || []).forEach(function (supervisorId) {
            var supervisor = placed.get(supervisorId);
            if (supervisor) pairs.push({ id: d.data.data.id + "-" + supervisorId, from: supervisor, to: d });
          });
        });
      }
      var labels = this.labels;
      this.dottedLayer.selectAll("path")
        .data(pairs, function (pair) { return pair.id; })
        .join(function (enter) {
          var path = enter.append("path").attr("fill", "none").attr("stroke", COLORS.dotted)
            .attr("stroke-width", 1.5).attr("stroke-dasharray", "6 4");
          path.append("title");
          return path;
        })
        .attr("d", function (pair) {
          // From the supervisor's lower edge to the subordinate's upper edge, off-centre so
          // that it is not confused with the solid reporting line.
          var x1 = pair.from.x + BOX_W / 4, y1 = pair.from.y + BOX_H;
          var x2 = pair.to.x + BOX_W / 4, y2 = pair.to.y;
          var bend = Math.max(GAP_Y, Math.abs(y2 - y1) / 2);
          return "M" + x1 + "," + y1 + "C" + x1 + "," + (y1 + bend) + " " + x2 + "," + (y2 - bend) + " " + x2 + "," + y2;
        })
        .select("title").text(function (pair) { return format(labels.dotted, { title: pair.from.data.data.name }); });
    }

    toggle(node) {
      if (!node.children.length) return;
      var before = this.placed.get(node.data.id);
      var x = before.x, y = before.y;
      node.expanded = !node.expanded;
      this.render();
      var after = this.placed.get(node.data.id);
      this.svg.call(this.zoom.translateBy, x - after.x, y - after.y); // keep the clicked box still
    }

    bounds() {
      var minX = Infinity, maxX = -Infinity, maxY = 0;
      this.visible.forEach(function (d) {
        minX = Math.min(minX, d.x - BOX_W / 2);
        maxX = Math.max(maxX, d.x + BOX_W / 2);
        maxY = Math.max(maxY, d.y + BOX_H + 8);
      });
      return { minX: minX, minY: 0, maxX: maxX, maxY: maxY, width: maxX - minX, height: maxY };
    }

    fit(minScale) {
      var box = this.bounds();
      var width = this.el.clientWidth, height = this.el.clientHeight;
      var scale = Math.min(width / (box.width + 2 * MARGIN), height / (box.height + 2 * MARGIN), 1.2);
      scale = Math.max(scale, minScale || 0.02);
      var x = width / 2 - scale * (box.minX + box.maxX) / 2;
      var y = (box.height + 2 * MARGIN) * scale > height + 1 ? MARGIN : height / 2 - scale * box.height / 2;
      if ((box.width + 2 * MARGIN) * scale > width + 1) {
        var first = this.visible[0]; // too wide even so: start at the top box
        x = width / 2 - scale * first.x;
      }
      this.svg.call(this.zoom.transform, d3.zoomIdentity.translate(x, y).scale(scale));
    }

    centre(node) {
      var d = this.placed.get(node.data.id);
      var scale = Math.max(this.transform.k, 0.8);
      var x = this.el.clientWidth / 2 - scale * d.x;
      var y = this.el.clientHeight / 2 - scale * (d.y + BOX_H / 2);
      this.svg.call(this.zoom.transform, d3.zoomIdentity.translate(x, y).scale(scale));
    }

    expandAll() {
      // Level by level, until the next level would pass EXPAND_ALL_LIMIT boxes in total.
      var shown = this.visible.length;
      var frontier = this.all.filter((node) => !node.expanded && node.children.length && this.placed.has(node.data.id));
      while (frontier.length && shown < EXPAND_ALL_LIMIT) {
        var next = [];
        frontier.forEach(function (node) {
          node.expanded = true;
          shown += node.children.length;
          node.children.forEach(function (child) {
            if (child.children.length) {
              child.expanded = false;
              next.push(child);
            }
          });
        });
        frontier = next;
      }
      this.render();
      this.fit();
    }

    collapse() {
      this.all.forEach(function (node) { node.expanded = node.depth < OPEN_DEPTH && node.children.length <= OPEN_CHILDREN; });
      this.render();
      this.fit(0.45);
    }

    loadPinyin() {
      // pinyin-pro (npm) is 300 KB: fetched only when someone searches in Latin letters.
      if (!this.pinyinLoading) {
        var source = this.el.dataset.pinyinSrc;
        this.pinyinLoading = new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = source;
          script.onload = resolve;
          script.onerror = reject;
          document.head.appendChild(script);
        });
      }
      return this.pinyinLoading;
    }

    initials(node) {
      if (!window.pinyinPro) return "";
      if (node.initials == null) {
        node.initials = pinyinPro.pinyin(node.data.name, { pattern: "first", toneType: "none", type: "array" })
          .join("").toLowerCase();
      }
      return node.initials;
    }

    search(text) {
      var query = text.trim().toLowerCase();
      var result = this.toolbar.querySelector(".chart-search-result");
      if (/^[a-z]+$/.test(query) && !window.pinyinPro && !this.pinyinFailed) {
        this.loadPinyin()
          .catch(() => { this.pinyinFailed = true; })
          .then(() => this.search(text));
        return;
      }
      if (!query) {
        this.highlighted = null;
        this.lastQuery = null;
        result.textContent = "";
        this.render();
        return;
      }
      if (query !== this.lastQuery) {
        var latin = /^[a-z]+$/.test(query);
        var rank = (node) => {
          var keys = [node.data.name.toLowerCase(), (node.data.code || "").toLowerCase()];
          if (latin) keys.push(this.initials(node));
          if (keys.some(function (key) { return key === query; })) return 0;
          if (keys.some(function (key) { return key.startsWith(query); })) return 1;
          if (keys.some(function (key) { return key.includes(query); })) return 2;
          return 3;
        };
        this.matches = this.all
          .map(function (node, index) { return { node: node, rank: rank(node), index: index }; })
          .filter(function (match) { return match.rank < 3; })
          .sort(function (a, b) { return a.rank - b.rank || a.index - b.index; })
          .map(function (match) { return match.node; });
        this.matchIndex = 0;
        this.lastQuery = query;
      } else if (this.matches.length) {
        this.matchIndex = (this.matchIndex + 1) % this.matches.length;
      }
      if (!this.matches.length) {
        this.highlighted = null;
        result.textContent = format(this.labels.noMatch, { query: text.trim() });
        this.render();
        return;
      }
      var node = this.matches[this.matchIndex];
      for (var parent = node.parent; parent; parent = parent.parent) parent.expanded = true;
      this.highlighted = node;
      this.render();
      this.centre(node);
      result.textContent = format(this.labels.match, { index: this.matchIndex + 1, count: this.matches.length, name: node.data.name });
    }

    standaloneSvg() {
      var box = this.bounds();
      var width = Math.ceil(box.width + 2 * MARGIN), height = Math.ceil(box.height + 2 * MARGIN);
      var svg = document.createElementNS(SVG_NS, "svg");
      svg.setAttribute("xmlns", SVG_NS);
      svg.setAttribute("width", width);
      svg.setAttribute("height", height);
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.setAttribute("font-family", FONT);
      var background = document.createElementNS(SVG_NS, "rect");
      background.setAttribute("width", width);
      background.setAttribute("height", height);
      background.setAttribute("fill", "#ffffff");
      svg.appendChild(background);
      var content = this.content.node().cloneNode(true);
      content.setAttribute("transform", "translate(" + (MARGIN - box.minX) + "," + (MARGIN - box.minY) + ")");
      content.querySelectorAll(".toggle").forEach(function (toggle) { toggle.remove(); });
      svg.appendChild(content);
      return { text: new XMLSerializer().serializeToString(svg), width: width, height: height };
    }

    download(blob, name) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 30000);
    }

    exportSvg() {
      var svg = this.standaloneSvg();
      this.download(new Blob([svg.text], { type: "image/svg+xml;charset=utf-8" }), this.fileName + ".svg");
    }

    exportPng() {
      var svg = this.standaloneSvg();
      // Twice the size for sharp print, within what a canvas can hold.
      var scale = Math.min(2, 16000 / svg.width, 16000 / svg.height, Math.sqrt(120e6 / (svg.width * svg.height)));
      var image = new Image();
      image.onload = () => {
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(svg.width * scale));
        canvas.height = Math.max(1, Math.round(svg.height * scale));
        var context = canvas.getContext("2d");
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        canvas.toBlob((blob) => this.download(blob, this.fileName + ".png"), "image/png");
      };
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg.text);
    }

    bindToolbar() {
      var chart = this;
      var form = this.toolbar.querySelector(".chart-search");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        chart.search(form.elements.q.value);
      });
      var actions = {
        "zoom-in": function () { chart.svg.call(chart.zoom.scaleBy, 1.25); },
        "zoom-out": function () { chart.svg.call(chart.zoom.scaleBy, 0.8); },
        "fit": function () { chart.fit(); },
        "expand-all": function () { chart.expandAll(); },
        "collapse": function () { chart.collapse(); },
        "export-svg": function () { chart.exportSvg(); },
        "export-png": function () { chart.exportPng(); },
        "print": function () { window.print(); },
      };
      this.toolbar.querySelectorAll("button[data-action]").forEach(function (button) {
        button.addEventListener("click", actions[button.dataset.action]);
      });
      var dotted = this.toolbar.querySelector("input[data-action=dotted]");
      if (dotted) {
        dotted.addEventListener("change", function () {
          chart.showDotted = dotted.checked;
          chart.renderDotted();
        });
      }
    }

    bindPrint() {
      var chart = this;
      window.addEventListener("beforeprint", function () { chart.printLayout(true); });
      window.addEventListener("afterprint", function () { chart.printLayout(false); });
      window.matchMedia("print").addEventListener("change", function (event) { chart.printLayout(event.matches); });
    }

    printLayout(printing) {
      // On paper the whole open chart fits the page: the viewBox does the scaling.
      if (printing === !!this.printing) return;
      this.printing = printing;
      if (printing) {
        var box = this.bounds();
        this.svg.attr("viewBox", [box.minX - MARGIN, box.minY - MARGIN, box.width + 2 * MARGIN, box.height + 2 * MARGIN].join(" "))
          .attr("preserveAspectRatio", "xMidYMin meet");
        this.content.attr("transform", null);
      } else {
        this.svg.attr("viewBox", null).attr("preserveAspectRatio", null);
        this.content.attr("transform", this.transform);
      }
    }
  }

  document.querySelectorAll(".chart[data-url]").forEach(function (element) {
    var chart = new OrgChart(element);
    element.orgChart = chart;
    chart.load(element.dataset.url);
  });
})();
