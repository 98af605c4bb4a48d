/* nrwkg document reader: clicking a highlighted passage shows the facts it supports beside the
   text; opening the page at #q-START-END shows that passage's facts. Only moves nodes the page
   already has (no HTML from data), and toggles the display of uncovered sentences. */
(function () {
  "use strict";
  var panel = document.getElementById("facts-body");
  var toggle = document.getElementById("show-uncovered");
  var current = [];

  function show(ids) {
    current.forEach(function (m) { m.classList.remove("current"); });
    current = [];
    panel.textContent = "";
    ids.forEach(function (id) {
      var facts = document.getElementById("facts-" + id);
      if (facts) { panel.appendChild(facts.cloneNode(true)).removeAttribute("id"); }
      document.querySelectorAll("mark[data-p~='" + id + "']").forEach(function (m) {
        m.classList.add("current");
        current.push(m);
      });
    });
    window.nrwkgReader.shown = ids.slice();
  }
  function fromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (/^q-[0-9]+-[0-9]+$/.test(id) && document.getElementById(id)) { show([id]); }
  }
  window.nrwkgReader = { shown: [], passages: document.querySelectorAll(".passages .passage-facts").length };
  document.querySelector("article.text").addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-p]");
    if (mark) { show(mark.getAttribute("data-p").split(" ")); }
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      document.body.classList.toggle("show-uncovered", toggle.checked);
    });
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
