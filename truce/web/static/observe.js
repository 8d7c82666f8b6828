// The observer's form keeps a draft on the device: typed values are saved as they change and put back
// when the page opens again (after a dropped connection, a reload, a crash); recording clears it.
(function () {
  "use strict";
  var form = document.getElementById("observe-form");
  if (!form || !window.localStorage) { return; }
  var key = "truce-draft-" + form.dataset.draft, note = document.getElementById("draft-note");
  var recorded = document.getElementById("recorded"), problem = document.getElementById("problem");

  function save() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name === "csrf" || field.type === "submit") { return; }
      if (field.type === "checkbox") {
        values[field.name] = values[field.name] || [];
        if (field.checked) { values[field.name].push(field.value); }
      } else { values[field.name] = field.value; }
    });
    localStorage.setItem(key, JSON.stringify(values));
    if (note) { note.hidden = false; }
  }

  function restore() {
    var values = JSON.parse(localStorage.getItem(key) || "null");
    if (!values) { return; }
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!(field.name in values) || field.name === "csrf") { return; }
      if (field.type === "checkbox") { field.checked = values[field.name].indexOf(field.value) >= 0; }
      else { field.value = values[field.name]; }
    });
    if (note) { note.hidden = false; }
  }

  if (recorded) { localStorage.removeItem(key); }  // the server has it: the draft is done
  else if (!problem) { restore(); }  // a refused form shows what was sent; else the draft comes back
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", function () { save(); });
})();
