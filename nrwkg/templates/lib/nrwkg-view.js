/* nrwkg network view: draws the network from the page's JSON block with vis-network and shows
   details on hover and click. Every text from the data is set with textContent; links are built
   only from paths the generator wrote (relative, inside the build) or checked Wikidata URLs. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("nrwkg-data").textContent);
  var meta = data.meta;
  var root = data.root;
  var options = typeof data.options === "string" ? JSON.parse(data.options) : data.options;
  var view = { name: data.name, nodes: data.nodes.length, edges: data.edges.length, drawn: false };
  window.nrwkgView = view;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function safePath(path) {   /* a relative path inside the build written by the generator */
    return typeof path === "string" && /^[a-z0-9][a-z0-9/._-]*\.html(#q-[0-9]+-[0-9]+)?$/.test(path) &&
      path.indexOf("..") < 0;
  }
  function link(text, path, cls) {
    if (!safePath(path)) { return el("span", text, cls); }
    var a = el("a", text, cls);
    a.setAttribute("href", root + path);
    return a;
  }
  function external(text, url) {
    if (!/^https:\/\/www\.wikidata\.org\/wiki\/Q[0-9]+$/.test(url)) { return el("span", text); }
    var a = el("a", text);
    a.setAttribute("href", url);
    a.setAttribute("rel", "noopener noreferrer external");
    return a;
  }
  function docTitle(iri) { return (meta.documents[iri] || {}).title || iri; }
  function row(dl, term, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && value.length === 0)) { return; }
    dl.appendChild(el("dt", term));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }
  function documentList(iris) {
    var ul = el("ul", null, "docs");
    iris.forEach(function (iri) {
      var d = meta.documents[iri] || {};
      var li = el("li");
      li.appendChild(link(docTitle(iri), d.page));
      if (safePath(d.view)) { li.appendChild(document.createTextNode(" · ")); li.appendChild(link("Netz des Dokuments", d.view)); }
      ul.appendChild(li);
    });
    return ul;
  }

  /* a list cut to its first entries in the view (the rest is listed on an entity page): "10 von 13 …" */
  function more(shown, rest, what, path, linkText) {
    var p = el("p", shown + " von " + (shown + rest) + " " + what + " gezeigt", "hint more");
    if (safePath(path)) { p.appendChild(document.createTextNode(" · ")); p.appendChild(link(linkText, path)); }
    return p;
  }

  /* an ego view of a hub shows its closest neighbours only; the entity page lists every relation */
  if (meta.neighbours_more) {
    var cut = el("p", meta.neighbours_shown + " von " + (meta.neighbours_shown + meta.neighbours_more) +
      " Nachbarn gezeigt (" + meta.neighbours_more + " ausgelassen)", "hint more");
    cut.id = "neighbours-more";
    if (safePath(meta.all_listed_on)) {
      cut.appendChild(document.createTextNode(" · "));
      cut.appendChild(link("alle Beziehungen im Eintrag", meta.all_listed_on));
    }
    document.querySelector("header .heading").appendChild(cut);
  }

  /* a view shows the first few edges between two nodes; a cut pair's edges link the entity pages */
  if (meta.pair_edges_more) {
    var pairsCut = el("p", "Zwischen zwei Knoten höchstens " + meta.pair_edges_shown + " Beziehungen gezeigt: " +
      meta.pair_edges_more + " weitere bei " + meta.pairs_cut + (meta.pairs_cut === 1 ? " Paar" : " Paaren") +
      " ausgelassen (ein Klick auf eine ihrer Beziehungen verlinkt die Einträge mit allen)", "hint more");
    pairsCut.id = "pair-edges-more";
    document.querySelector("header .heading").appendChild(pairsCut);
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.nrwkgNetwork = network;
  /* open on the connected part: entries without any relation wait below it ("Alles zeigen") */
  var connected = data.nodes.filter(function (n) { return n.nrwkg.degree > 0; }).map(function (n) { return n.id; });
  if (connected.length && connected.length < data.nodes.length) {
    network.once("afterDrawing", function () { network.fit({ nodes: connected, animation: false }); });
  }
  network.once("afterDrawing", function () {
    view.drawn = true;
    view.firstDraw = performance.now();
  });
  network.once("stabilizationIterationsDone", function () { view.stabilized = performance.now(); });

  /* ---- details panel ---- */
  var details = document.getElementById("details");
  var body = document.getElementById("details-body");
  function open(title, kind) {
    body.textContent = "";
    details.hidden = false;
    details.setAttribute("data-kind", kind);
    body.appendChild(el("h2", title));
  }
  function close() { details.hidden = true; details.removeAttribute("data-kind"); body.textContent = ""; }
  document.getElementById("details-close").addEventListener("click", function () { close(); network.unselectAll(); });

  function showNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    var info = n.nrwkg;
    open(info.label, "node");
    body.appendChild(el("p", info.type, "type"));
    var dl = el("dl");
    row(dl, "Englisch", info.label_en !== info.label ? info.label_en : "");
    row(dl, "Auch genannt", info.aliases.join(" · "));
    if (info.wikidata) {
      var wd = external(info.wikidata.replace("https://www.wikidata.org/wiki/", "Wikidata "), info.wikidata);
      var span = el("span");
      span.appendChild(wd);
      if (info.confidence) { span.appendChild(document.createTextNode(" (" + info.confidence + ")")); }
      row(dl, "Externe Kennung", span);
    }
    row(dl, "Kennung", n.id);
    row(dl, "Verbindungen hier", info.degree);
    body.appendChild(dl);
    if (info.documents.length) {
      body.appendChild(el("h3", "Erwähnt in"));
      body.appendChild(documentList(info.documents));
      if (info.documents_more) {
        body.appendChild(more(info.documents.length, info.documents_more, "Dokumenten", info.all_listed_on, "alle im Eintrag"));
      }
    }
    var links = el("p", null, "links");
    if (safePath(info.page)) { links.appendChild(link("Eintrag öffnen", info.page, "button")); }
    if (safePath(info.ego) && n.id !== meta.focus) { links.appendChild(link("Netz um diesen Knoten", info.ego, "button")); }
    body.appendChild(links);
  }

  function label(id) { var n = nodes.get(id); return n ? n.nrwkg.label : id; }

  function showEdge(id) {
    var e = edges.get(id);
    if (!e) { return; }
    var info = e.nrwkg;
    open(info.relation, "edge");
    var p = el("p", null, "triple");
    p.appendChild(el("strong", label(e.from)));
    p.appendChild(el("span", " → " + info.relation + " → ", "relation"));
    p.appendChild(el("strong", label(e.to)));
    body.appendChild(p);
    var dl = el("dl");
    row(dl, "Art", info.modality ? "Haltung: " + info.relation + " (" + info.modality + ")" : "Tatsache");
    row(dl, "Adressat", info.addressee);
    row(dl, "Englisch", info.relation_en);
    row(dl, "Herkunft", info.inferred ? "abgeleitet, nicht wörtlich gesagt" : "im Dokument gesagt");
    body.appendChild(dl);
    if (e.pair) {   /* a pair with more edges than the view shows: how many, and the pages with all */
      var pair = el("p", e.pair.shown + " von " + (e.pair.shown + e.pair.more) + " Beziehungen zwischen „" +
        label(e.from) + "“ und „" + label(e.to) + "“ gezeigt (" + e.pair.more + " ausgelassen)", "hint more");
      pair.id = "pair-more";
      [[e.from, e.pair.listed_on[0]], [e.to, e.pair.listed_on[1]]].forEach(function (end, i) {
        if (!safePath(end[1])) { return; }
        pair.appendChild(document.createTextNode(" · "));
        pair.appendChild(link((i ? "im Eintrag „" : "alle im Eintrag „") + label(end[0]) + "“", end[1]));
      });
      body.appendChild(pair);
    }
    body.appendChild(el("h3", info.evidence.length === 1 ? "Beleg" : "Belege"));
    if (!info.evidence.length) { body.appendChild(el("p", "Keine Belegstelle gespeichert.", "hint")); }
    info.evidence.forEach(function (ev) {
      var fig = el("figure", null, "evidence");
      fig.appendChild(el("blockquote", ev.quote));
      var cap = el("figcaption");
      var d = meta.documents[ev.document] || {};
      cap.appendChild(link(docTitle(ev.document), d.page));
      cap.appendChild(document.createTextNode(" · "));
      cap.appendChild(link("im Dokument lesen (Zeichen " + ev.start + "–" + ev.end + ")", ev.url));
      fig.appendChild(cap);
      if (ev.inferred) { fig.appendChild(el("p", "Abgeleitet: " + ev.inferred, "inferred")); }
      body.appendChild(fig);
    });
    var listedOn = "alle im Eintrag „" + label(e.from) + "“";
    if (info.evidence_more) {
      body.appendChild(more(info.evidence.length, info.evidence_more, "Belegen", info.all_listed_on, listedOn));
    }
    if (info.documents.length) {
      body.appendChild(el("h3", "Quelle"));
      body.appendChild(documentList(info.documents));
      if (info.documents_more) {
        body.appendChild(more(info.documents.length, info.documents_more, "Dokumenten", info.all_listed_on, listedOn));
      }
    }
  }
  view.showNode = showNode;
  view.showEdge = showEdge;

  network.on("click", function (params) {
    if (params.nodes.length) { expand(params.nodes[0]); showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else { close(); }
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) { return; }
    var info = nodes.get(params.nodes[0]).nrwkg;
    if (safePath(info.ego) && params.nodes[0] !== meta.focus) { window.location.href = root + info.ego; }
  });

  /* ---- tooltip on hover ---- */
  var tip = document.getElementById("tooltip");
  function showTip(lines, pointer) {
    tip.textContent = "";
    lines.forEach(function (line, i) { tip.appendChild(el(i ? "div" : "strong", line)); });
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    tip.style.left = Math.min(box.left + pointer.x + 14, window.innerWidth - 340) + "px";
    tip.style.top = (box.top + pointer.y + 14) + "px";
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (params) {
    var info = nodes.get(params.node).nrwkg;
    showTip([info.label, info.type], params.pointer.DOM);
  });
  network.on("hoverEdge", function (params) {
    var e = edges.get(params.edge);
    var info = e.nrwkg;
    var lines = [label(e.from) + " → " + info.relation + " → " + label(e.to)];
    lines.push(info.modality ? "Haltung: " + info.relation : "Tatsache");
    if (info.documents.length) { lines.push("Quelle: " + docTitle(info.documents[0])); }
    if (info.evidence.length) { lines.push("„" + info.evidence[0].quote + "“"); }
    if (e.pair) { lines.push(e.pair.more + " weitere Beziehungen zwischen beiden nicht gezeigt"); }
    showTip(lines, params.pointer.DOM);
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  container.addEventListener("mouseleave", hideTip);

  /* ---- legend and filters ---- */
  var hiddenGroups = {};
  var hiddenEdgeKinds = {};
  /* which nodes are shown: null = all; else a set (overview, a document, a goal), grown by clicks */
  var visible = null;
  if (meta.overview && meta.overview.length) {
    visible = {};
    meta.overview.forEach(function (id) { visible[id] = true; });
  }
  function hiddenNode(n) { return !!hiddenGroups[n.nrwkg.group] || (visible !== null && !visible[n.id]); }
  function applyFilters() {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: hiddenNode(n) }; }));
    edges.update(data.edges.map(function (e) {
      var off = !!hiddenEdgeKinds[e.nrwkg.modality || "fact"] ||
        (visible !== null && (!visible[e.from] || !visible[e.to]));
      return { id: e.id, hidden: off };
    }));
    view.visible = visible === null ? data.nodes.length : Object.keys(visible).length;
    overviewNote();
  }
  function showOnly(ids) {
    visible = null;
    if (ids) { visible = {}; ids.forEach(function (id) { visible[id] = true; }); }
    applyFilters();
    network.fit(ids && ids.length ? { nodes: ids, animation: false } : { animation: false });
  }
  function expand(id) {   /* a click in a partial view brings in the node's neighbours */
    if (visible === null) { return; }
    visible[id] = true;
    network.getConnectedNodes(id).forEach(function (other) { visible[other] = true; });
    applyFilters();
  }
  var note = document.getElementById("overview-note");
  function overviewNote() {
    if (!note) { return; }
    note.hidden = visible === null;
    note.textContent = visible === null ? "" : "Gezeigt: " + Object.keys(visible).length + " von " +
      data.nodes.length + " Knoten (die wichtigsten zuerst). Ein Klick auf einen Punkt zeigt seine Nachbarn.";
  }
  function legendItem(list, color, text, count, onToggle, kind) {
    var li = el("li");
    var labelEl = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () { onToggle(!box.checked); applyFilters(); });
    var swatch = el("span", null, "swatch " + kind);
    swatch.style.backgroundColor = color;
    labelEl.appendChild(box);
    labelEl.appendChild(swatch);
    labelEl.appendChild(el("span", text));
    if (count !== null) { labelEl.appendChild(el("small", " " + count)); }
    li.appendChild(labelEl);
    list.appendChild(li);
  }
  var groupList = document.getElementById("legend-groups");
  meta.groups.forEach(function (g) {
    legendItem(groupList, g.color, g.label, g.count, function (off) { hiddenGroups[g.id] = off; }, "shape-" + g.shape);
  });
  var edgeList = document.getElementById("legend-edges");
  var factCount = data.edges.filter(function (e) { return !e.nrwkg.modality; }).length;
  if (factCount) {
    legendItem(edgeList, meta.fact.color, meta.fact.label, factCount, function (off) { hiddenEdgeKinds.fact = off; }, "line");
  }
  meta.modalities.forEach(function (m) {
    var count = data.edges.filter(function (e) { return e.nrwkg.modality === m.id; }).length;
    legendItem(edgeList, m.color, "Haltung: " + m.label, count, function (off) { hiddenEdgeKinds[m.id] = off; }, "line");
  });
  var sizeNote = document.getElementById("legend-size");
  sizeNote.textContent = "Größe eines Punkts: " + meta.centrality + ". Pfeile zeigen die Richtung der Aussage; " +
    "gestrichelte Linien sind abgeleitet, nicht wörtlich gesagt.";
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });

  /* ---- search ---- */
  function fold(s) { return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var index = data.nodes.map(function (n) {
    return { id: n.id, text: fold([n.nrwkg.label, n.nrwkg.label_en].concat(n.nrwkg.aliases).join(" ")) };
  });
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  input.addEventListener("input", function () {
    results.textContent = "";
    var q = fold(input.value.trim());
    if (q.length < 2) { return; }
    index.filter(function (x) { return x.text.indexOf(q) >= 0; }).slice(0, 12).forEach(function (x) {
      var li = el("li");
      var b = el("button", nodes.get(x.id).nrwkg.label);
      b.type = "button";
      b.addEventListener("click", function () {
        expand(x.id);
        network.selectNodes([x.id]);
        network.focus(x.id, { scale: 1.1, animation: false });
        showNode(x.id);
      });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (!results.childNodes.length) { results.appendChild(el("li", "Nichts gefunden.", "hint")); }
  });

  /* ---- overview and filters by document and by goal ---- */
  var docSelect = document.getElementById("filter-document");
  var goalSelect = document.getElementById("filter-goal");
  if (docSelect) {
    Object.keys(meta.documents).sort().forEach(function (iri) {
      var o = el("option", docTitle(iri));
      o.value = iri;
      docSelect.appendChild(o);
    });
    docSelect.addEventListener("change", function () {
      if (goalSelect) { goalSelect.value = ""; }
      var iri = docSelect.value;
      if (!iri) { showOnly(null); return; }
      var ids = {};
      data.edges.forEach(function (e) {
        if (e.nrwkg.documents.indexOf(iri) >= 0) { ids[e.from] = true; ids[e.to] = true; }
      });
      data.nodes.forEach(function (n) { if (n.nrwkg.documents.indexOf(iri) >= 0) { ids[n.id] = true; } });
      showOnly(Object.keys(ids));
    });
  }
  if (goalSelect) {
    var goals = meta.goals || [];
    if (!goals.length) {
      goalSelect.hidden = true;
      document.getElementById("filter-goal-label").hidden = true;
    }
    goals.forEach(function (g) { var o = el("option", g.label); o.value = g.id; goalSelect.appendChild(o); });
    goalSelect.addEventListener("change", function () {
      if (docSelect) { docSelect.value = ""; }
      var goal = goalSelect.value;
      if (!goal) { showOnly(null); return; }
      /* the goal, what serves it, and who is responsible for, pays for or demands that */
      var ids = {};
      ids[goal] = true;
      var first = network.getConnectedNodes(goal);
      first.forEach(function (id) { ids[id] = true; });
      first.forEach(function (id) { network.getConnectedNodes(id).forEach(function (o) { ids[o] = true; }); });
      showOnly(Object.keys(ids));
    });
  }
  document.getElementById("show-all").addEventListener("click", function () {
    if (docSelect) { docSelect.value = ""; }
    if (goalSelect) { goalSelect.value = ""; }
    showOnly(null);
  });
  view.visible = visible === null ? data.nodes.length : Object.keys(visible).length;
  overviewNote();
  if (visible !== null) {
    network.once("afterDrawing", function () { network.fit({ nodes: meta.overview, animation: false }); });
  }

  if (meta.focus) { showNode(meta.focus); }
})();
