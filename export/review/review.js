// Filter the review table: text (accents ignored), agency, flag kind, flagged rows only.
(function () {
  "use strict";
  var fold = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  };
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.tasks tr.task"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("table.tasks tr.section"));
  var texts = rows.map(function (r) {
    var t = "";
    for (var i = 0; i < r.cells.length - 1; i++) t += " " + r.cells[i].textContent;
    return fold(t);
  });
  var q = document.getElementById("q"), agency = document.getElementById("agency"),
      kind = document.getElementById("kind"), flagged = document.getElementById("flagged"),
      count = document.getElementById("count");
  var bars = {};
  Array.prototype.forEach.call(document.querySelectorAll("svg.timeline a[data-row]"), function (a) {
    bars[a.getAttribute("data-row")] = a;
  });
  function apply() {
    var words = fold(q.value).split(/\s+/).filter(Boolean), ag = agency.value, k = kind.value, only = flagged.checked;
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      if (ok && ag) ok = r.getAttribute("data-agency").split("|").indexOf(ag) >= 0;
      var kinds = r.getAttribute("data-kinds");
      if (ok && k) ok = (" " + kinds + " ").indexOf(" " + k + " ") >= 0;
      if (ok && only) ok = kinds !== "";
      r.classList.toggle("hidden", !ok);
      if (bars[r.id]) bars[r.id].classList.toggle("hidden", !ok);
      if (ok) shown++;
    });
    sections.forEach(function (s) {  // a section heading stays while one of its rows is shown
      var n = s.nextElementSibling, any = false;
      while (n && !n.classList.contains("section")) { if (!n.classList.contains("hidden")) { any = true; break; } n = n.nextElementSibling; }
      s.classList.toggle("hidden", !any);
    });
    count.textContent = shown + " of " + rows.length + " tasks shown";
  }
  [q, agency, kind, flagged].forEach(function (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); });
  // A click on a source picture shows it at full resolution over the page; a click or Esc closes it.
  var box = document.createElement("div");
  box.id = "lightbox";
  box.hidden = true;
  document.body.appendChild(box);
  function close() { box.hidden = true; box.textContent = ""; }
  document.addEventListener("click", function (e) {
    if (!box.hidden) { close(); return; }
    if (e.target.tagName === "IMG" && e.target.closest("td.src")) {
      var img = new Image();
      img.src = e.target.src;
      img.alt = e.target.alt;
      var cap = document.createElement("p");
      cap.textContent = e.target.alt;
      box.appendChild(img);
      box.appendChild(cap);
      box.hidden = false;
    }
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
  // The filter can be given in the address: page.html?q=…&agency=…&kind=…&flagged=1
  var params = new URLSearchParams(location.search);
  if (params.get("q")) q.value = params.get("q");
  if (params.get("agency")) agency.value = params.get("agency");
  if (params.get("kind")) kind.value = params.get("kind");
  if (params.get("flagged")) flagged.checked = true;
  apply();
})();
