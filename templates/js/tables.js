/* A busy month's event tables: sort by a column, filter by governorate and type. Without this
   script the tables are the plain full lists. Each event is a <tbody> (its figures, then its
   description), so whole tbodies are moved and hidden. */
(function () {
  "use strict";
  var digits = "٠١٢٣٤٥٦٧٨٩";
  var lang = document.documentElement.lang || undefined;
  function number(text) {
    var western = text.replace(/[٠-٩]/g, function (d) { return String(digits.indexOf(d)); });
    return parseInt(western.replace(/[^0-9]/g, ""), 10) || 0;
  }
  function cell(body, index) {
    var row = body.rows[0];
    return row && row.cells[index] ? row.cells[index].textContent.trim() : "";
  }
  function setUp(table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var bodies = Array.prototype.slice.call(table.tBodies);
    var filters = [];
    var tools = document.createElement("div");
    tools.className = "table-tools";
    headers.forEach(function (th, index) {
      if (th.hasAttribute("data-filter")) {
        var label = document.createElement("label");
        var select = document.createElement("select");
        var values = [];
        bodies.forEach(function (b) {
          var v = cell(b, index);
          if (v && values.indexOf(v) < 0) { values.push(v); }
        });
        values.sort(function (a, b) { return a.localeCompare(b, lang); });
        select.add(new Option(table.getAttribute("data-all") || "", ""));
        values.forEach(function (v) { select.add(new Option(v, v)); });
        select.addEventListener("change", apply);
        label.appendChild(document.createTextNode(th.getAttribute("data-filter") + " "));
        label.appendChild(select);
        tools.appendChild(label);
        filters.push({ index: index, select: select });
      }
      var kind = th.getAttribute("data-sort") || (th.hasAttribute("data-filter") ? "text" : "");
      if (kind) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        while (th.firstChild) { button.appendChild(th.firstChild); }
        th.appendChild(button);
        button.addEventListener("click", function () { sort(th, index, kind); });
      }
    });
    var count = document.createElement("output");
    tools.appendChild(count);
    table.parentNode.insertBefore(tools, table);

    function apply() {
      var shown = 0;
      bodies.forEach(function (b) {
        var ok = filters.every(function (f) {
          return !f.select.value || cell(b, f.index) === f.select.value;
        });
        b.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " / " + bodies.length;
    }
    function sort(th, index, kind) {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var keyed = bodies.map(function (b, i) {
        var text = cell(b, index);
        return { body: b, key: kind === "number" ? number(text) : text, i: i };
      });
      keyed.sort(function (a, b) {
        var order = kind === "number" ? a.key - b.key : a.key.localeCompare(b.key, lang);
        return (ascending ? order : -order) || a.i - b.i;
      });
      keyed.forEach(function (k) { table.appendChild(k.body); });
    }
    apply();
  }
  var tables = document.querySelectorAll("table[data-interactive]");
  Array.prototype.forEach.call(tables, setUp);
})();
