/* discrepancy HTML report: sortable and filterable tables. Reads no data but the page. */
(function () {
  "use strict";

  function key(cell) {
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v === null ? cell.textContent.trim() : v;
  }

  function compare(a, b) {
    if (a === "" || b === "") return a === b ? 0 : a === "" ? 1 : -1;
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function sortBy(table, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var index = th.cellIndex;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var heads = th.parentNode.cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(key(r1.cells[index]), key(r2.cells[index]));
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tHead.rows.length) return;
    var heads = table.tHead.rows[table.tHead.rows.length - 1].cells;
    Array.prototype.forEach.call(heads, function (th) {
      th.tabIndex = 0;
      th.title = "Sort by this column";
      th.addEventListener("click", function () { sortBy(table, th); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, th);
        }
      });
    });
  }

  function makeFilter(input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table || !table.tBodies[0]) return;
    var counter = input.parentNode.querySelector(".shown");
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var rows = table.tBodies[0].rows, shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var text = rows[i].textContent.toLowerCase();
        var keep = words.every(function (w) { return text.indexOf(w) !== -1; });
        rows[i].classList.toggle("hidden", !keep);
        if (keep) shown++;
      }
      if (counter) counter.textContent = shown + " of " + rows.length + " shown";
    }
    input.addEventListener("input", apply);
    apply();
  }

  function makePager(nav) {
    var size = Number(nav.getAttribute("data-page-size")) || 50;
    var items = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
    var pages = Math.ceil(items.length / size);
    if (pages < 2) return;
    var prev = document.createElement("button");
    var next = document.createElement("button");
    var label = document.createElement("span");
    prev.type = next.type = "button";
    prev.textContent = "\u2190 Previous";
    next.textContent = "Next \u2192";
    label.className = "page-label";
    nav.appendChild(prev);
    nav.appendChild(label);
    nav.appendChild(next);
    var current = 0;
    function show(page) {
      current = Math.max(0, Math.min(pages - 1, page));
      items.forEach(function (item, i) { item.hidden = Math.floor(i / size) !== current; });
      var last = Math.min(items.length, (current + 1) * size);
      label.textContent = "Findings " + (current * size + 1) + "\u2013" + last + " of " +
        items.length + " (page " + (current + 1) + " of " + pages + ")";
      prev.disabled = current === 0;
      next.disabled = current === pages - 1;
    }
    function reveal() {
      var match = /^#finding-(\d+)$/.exec(window.location.hash);
      if (!match) return;
      var index = Number(match[1]) - 1;
      if (index < 0 || index >= items.length) return;
      show(Math.floor(index / size));
      items[index].scrollIntoView();
    }
    prev.addEventListener("click", function () { show(current - 1); nav.scrollIntoView(); });
    next.addEventListener("click", function () { show(current + 1); nav.scrollIntoView(); });
    window.addEventListener("hashchange", reveal);
    show(0);
    reveal();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("input.filter"), makeFilter);
    Array.prototype.forEach.call(document.querySelectorAll("nav.pager"), makePager);
    document.body.setAttribute("data-ready", "1");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
