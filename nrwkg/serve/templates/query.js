// The query page: load a library example, run it with fetch, show the result.
// Every text from the server or the data is inserted with textContent, never as HTML.
"use strict";
(function () {
  const examples = JSON.parse(document.getElementById("examples").textContent);
  const form = document.getElementById("form");
  const select = document.getElementById("example");
  const query = document.getElementById("query");
  const format = document.getElementById("format");
  const summary = document.getElementById("summary");
  const status = document.getElementById("status");
  const output = document.getElementById("output");
  const endpoint = form.getAttribute("action");
  const LOCAL = "https://w3id.org/nrwkg/id/";

  examples.forEach(function (example, i) {
    const option = document.createElement("option");
    option.value = String(i);
    option.textContent = example.name + " — " + example.summary;
    select.appendChild(option);
  });

  select.addEventListener("change", function () {
    const example = examples[Number(select.value)];
    if (select.value === "" || !example) { return; }
    query.value = example.query;
    const params = Object.keys(example.params || {}).map(function (name) {
      return name + " = " + example.params[name];
    });
    summary.textContent = example.summary + (example.tags ? " [" + example.tags + "]" : "") +
      (params.length ? " Parameters: " + params.join(", ") +
        " (a bound default appears as a VALUES line to edit; UNDEF ranges over every value)." : "");
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    /* the address becomes a permalink: /query?query=… fills the form and runs it */
    history.replaceState(null, "", "?" + new URLSearchParams({ query: query.value }).toString());
    run();
  });

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  async function run() {
    clear(output);
    say("running …", false);
    const asTable = format.value === "table";
    const accept = asTable ? "application/sparql-results+json, text/turtle;q=0.9" : format.value;
    const started = performance.now();
    let response, body;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept },
        body: new URLSearchParams({ query: query.value }),
      });
      body = await response.text();
    } catch (error) {
      say("the request failed: " + error, true);
      return;
    }
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      say(response.status + " " + response.statusText + ": " + body.trim(), true);
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    if (asTable && type.indexOf("application/sparql-results+json") === 0) {
      const data = JSON.parse(body);
      if (typeof data.boolean === "boolean") {
        say("answer: " + data.boolean + " (" + ms + " ms)", false);
        return;
      }
      output.appendChild(table(data));
      say(data.results.bindings.length + " rows in " + ms + " ms", false);
      return;
    }
    const pre = document.createElement("pre");
    pre.textContent = body;
    output.appendChild(pre);
    say(type.split(";")[0] + ", " + body.length + " characters in " + ms + " ms", false);
  }

  function table(data) {
    const vars = data.head.vars || [];
    const tableNode = document.createElement("table");
    const head = tableNode.createTHead().insertRow();
    vars.forEach(function (name) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    const tbody = tableNode.createTBody();
    const passages = vars.indexOf("document") >= 0 && vars.indexOf("start") >= 0 && vars.indexOf("end") >= 0;
    if (passages) { head.appendChild(document.createElement("th")).textContent = "passage"; }
    data.results.bindings.forEach(function (binding) {
      const row = tbody.insertRow();
      vars.forEach(function (name) {
        const td = row.insertCell();
        const term = binding[name];
        if (term) { td.appendChild(cell(term)); }
      });
      if (passages) { row.insertCell().appendChild(passage(binding)); }
    });
    return tableNode;
  }

  /* the evidence passage of a row with ?document ?start ?end, opened in the document reader */
  function passage(binding) {
    const doc = binding.document, start = binding.start, end = binding.end;
    const span = document.createElement("span");
    const prefix = LOCAL + "document/";
    if (!doc || !start || !end || doc.value.indexOf(prefix) !== 0) { return span; }
    const slug = doc.value.slice(prefix.length);
    if (!/^[a-z0-9-]+$/.test(slug) || !/^[0-9]+$/.test(start.value) || !/^[0-9]+$/.test(end.value)) { return span; }
    const link = document.createElement("a");
    link.href = "documents/" + slug + ".html#q-" + start.value + "-" + end.value;
    link.textContent = "read in the document";
    span.appendChild(link);
    return span;
  }

  function cell(term) {
    const span = document.createElement("span");
    if (term.type === "uri") {
      const link = document.createElement("a");
      link.textContent = term.value;
      if (term.value.indexOf(LOCAL) === 0) {
        link.href = "pages/" + term.value.slice(LOCAL.length) + ".html";
        link.title = term.value;
      } else if (/^https?:\/\//.test(term.value)) {
        link.href = term.value;
        link.rel = "noopener noreferrer";
      }
      span.appendChild(link);
      return span;
    }
    if (term.type === "bnode") {
      span.textContent = "_:" + term.value;
      return span;
    }
    if (term.type === "triple") {
      span.textContent = "<< " + term.value.subject.value + " " + term.value.predicate.value + " " +
        term.value.object.value + " >>";
      return span;
    }
    span.textContent = term.value;
    const extra = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? term.datatype.replace(/^.*[#/]/, "") : "";
    if (extra) {
      const small = document.createElement("span");
      small.className = term["xml:lang"] ? "lang" : "datatype";
      small.textContent = extra;
      if (term.datatype) { small.title = term.datatype; }
      span.appendChild(small);
    }
    return span;
  }
  const permalink = new URLSearchParams(window.location.search).get("query");
  if (permalink) {
    query.value = permalink;
    run();
  }
})();
