// whosaid viewer: pan/zoom, search, kind filters and a provenance panel over the inline SVG.
// Text from the graph is only ever inserted with textContent, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("whosaid-data").textContent);
  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  var outEdges = new Map();
  var inEdges = new Map();
  function push(map, key, value) {
    if (!map.has(key)) { map.set(key, []); }
    map.get(key).push(value);
  }
  data.links.forEach(function (e) {
    push(outEdges, e.source, e);
    push(inEdges, e.target, e);
  });
  function outs(id, kind) { return (outEdges.get(id) || []).filter(function (e) { return e.kind === kind; }); }
  function ins(id, kind) { return (inEdges.get(id) || []).filter(function (e) { return e.kind === kind; }); }

  var container = document.getElementById("graph");
  var svg = container.querySelector("svg");
  var nodeEls = new Map();
  var edgeEls = new Map();
  if (svg) {
    svg.querySelectorAll("g.node").forEach(function (g) {
      if (byId.has(g.id)) { nodeEls.set(g.id, g); }
    });
    svg.querySelectorAll("g.edge").forEach(function (g) { edgeEls.set(g.id, g); });
  }
  function edgeId(e) { return e.source + "->" + e.target + "#" + e.key; }

  // ---- pan and zoom, by changing the viewBox ----
  var home = null;
  if (svg) {
    var vb = svg.viewBox.baseVal;
    if (!vb || vb.width === 0) {
      var bb = svg.getBBox();
      svg.setAttribute("viewBox", bb.x + " " + bb.y + " " + bb.width + " " + bb.height);
      vb = svg.viewBox.baseVal;
    }
    home = [vb.x, vb.y, vb.width, vb.height];
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  }
  // pixels per SVG unit that make 11-point node labels about 13 pixels high
  var LEGIBLE = 1.2;
  // below this, labels are too small to read: the overview shows articles and speakers only
  var OVERVIEW = 0.6;
  function setView(v) {
    svg.setAttribute("viewBox", v.join(" "));
    var ppu = 1 / unitsPerPixel();
    container.classList.toggle("overview", ppu < OVERVIEW);
    container.setAttribute("data-zoom", ppu.toFixed(2));
  }
  // the centre of a drawn node in SVG units (through the transforms Graphviz adds)
  function centre(g) {
    var b = g.getBBox();
    var m = svg.getScreenCTM().inverse().multiply(g.getScreenCTM());
    var p = svg.createSVGPoint();
    p.x = b.x + b.width / 2;
    p.y = b.y + b.height / 2;
    return p.matrixTransform(m);
  }
  // a legible view (LEGIBLE pixels per unit) centred on a point
  function legibleAt(p) {
    var w = container.clientWidth / LEGIBLE;
    var h = container.clientHeight / LEGIBLE;
    // never more zoomed out than the whole picture
    if (w >= home[2] && h >= home[3]) { return home.slice(); }
    return [p.x - w / 2, p.y - h / 2, w, h];
  }
  // how the node is seen now: inside the viewport, and how high its label is in pixels
  function report(g) {
    var r = g.getBoundingClientRect();
    var c = container.getBoundingClientRect();
    var inside = r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
    var t = g.querySelector("text");
    var px = t ? t.getBoundingClientRect().height : 0;
    container.setAttribute("data-focus", g.id);
    container.setAttribute("data-focus-in-view", inside ? "yes" : "no");
    container.setAttribute("data-focus-label-px", px.toFixed(1));
  }
  function focusOn(g) {
    setView(legibleAt(centre(g)));
    report(g);
  }
  // the node with the most others within a legible view of it: where the picture is densest
  function densest() {
    var pts = [];
    nodeEls.forEach(function (g) { pts.push({ g: g, p: centre(g) }); });
    if (pts.length > 1500) { pts = pts.filter(function (_, i) { return i % Math.ceil(pts.length / 1500) === 0; }); }
    var w = container.clientWidth / LEGIBLE / 2;
    var h = container.clientHeight / LEGIBLE / 2;
    var best = null;
    var most = -1;
    pts.forEach(function (a) {
      var n = 0;
      pts.forEach(function (b) { if (Math.abs(a.p.x - b.p.x) < w && Math.abs(a.p.y - b.p.y) < h) { n += 1; } });
      if (n > most) { most = n; best = a.g; }
    });
    return best;
  }
  function unitsPerPixel() {
    var ctm = svg.getScreenCTM();
    return ctm && ctm.a ? 1 / ctm.a : 1;
  }
  function toSvg(clientX, clientY) {
    var ctm = svg.getScreenCTM();
    if (!ctm) { return { x: 0, y: 0 }; }
    var p = svg.createSVGPoint();
    p.x = clientX;
    p.y = clientY;
    return p.matrixTransform(ctm.inverse());
  }
  var drag = null;
  var moved = false;
  if (svg) {
    container.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var vb = svg.viewBox.baseVal;
      var k = Math.pow(1.0015, ev.deltaY);
      var p = toSvg(ev.clientX, ev.clientY);
      var w = Math.min(Math.max(vb.width * k, home[2] / 50), home[2] * 20);
      var f = w / vb.width;
      setView([p.x - (p.x - vb.x) * f, p.y - (p.y - vb.y) * f, vb.width * f, vb.height * f]);
    }, { passive: false });
    container.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) { return; }
      drag = { x: ev.clientX, y: ev.clientY, k: unitsPerPixel() };
      moved = false;
    });
    window.addEventListener("pointermove", function (ev) {
      if (!drag) { return; }
      var dx = ev.clientX - drag.x;
      var dy = ev.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
      moved = true;
      container.classList.add("dragging");
      var vb = svg.viewBox.baseVal;
      setView([vb.x - dx * drag.k, vb.y - dy * drag.k, vb.width, vb.height]);
      drag.x = ev.clientX;
      drag.y = ev.clientY;
    });
    window.addEventListener("pointerup", function () {
      drag = null;
      container.classList.remove("dragging");
    });
  }
  document.getElementById("reset").addEventListener("click", function () {
    if (home) { setView(home); }
  });
  function firstView() {
    var g = densest();
    if (g) { focusOn(g); } else if (home) { setView(home); }
  }

  // ---- search ----
  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  function names(n) {
    return [n.label].concat(n.aliases || [], n.variants || [], n.title ? [n.title] : []);
  }
  // highlights the nodes matching `text` and returns the first drawn one
  function applySearch(text) {
    var q = text.trim().toLowerCase();
    var count = 0;
    var first = null;
    data.nodes.forEach(function (n) {
      var hit = q !== "" && names(n).some(function (s) { return s.toLowerCase().indexOf(q) >= 0; });
      if (hit) { count += 1; }
      var g = nodeEls.get(n.id);
      if (g) {
        g.classList.toggle("highlight", hit);
        if (hit && !first) { first = g; }
      }
    });
    container.classList.toggle("searching", q !== "");
    matches.textContent = q === "" ? "" : count + (count === 1 ? " match" : " matches");
    return first;
  }
  search.addEventListener("input", function () { applySearch(search.value); });
  // Enter (or leaving the box) brings the first match into view at a legible zoom
  search.addEventListener("change", function () {
    var g = applySearch(search.value);
    if (g && svg) { focusOn(g); }
  });

  // ---- filters by node kind ----
  var hiddenKinds = new Set();
  function applyFilters() {
    data.nodes.forEach(function (n) {
      var g = nodeEls.get(n.id);
      if (g) { g.classList.toggle("hidden", hiddenKinds.has(n.kind)); }
    });
    data.links.forEach(function (e) {
      var g = edgeEls.get(edgeId(e));
      if (!g) { return; }
      var s = byId.get(e.source);
      var t = byId.get(e.target);
      g.classList.toggle("hidden", hiddenKinds.has(s.kind) || hiddenKinds.has(t.kind));
    });
  }
  document.querySelectorAll("#kinds input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      var kind = box.getAttribute("data-kind");
      if (box.checked) { hiddenKinds.delete(kind); } else { hiddenKinds.add(kind); }
      applyFilters();
    });
  });

  // ---- the side panel ----
  var details = document.getElementById("details");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function nodeName(id) {
    var n = byId.get(id);
    return n ? n.label : id;
  }
  function nodeLink(id) {
    var a = el("span", nodeName(id), "link");
    a.setAttribute("role", "link");
    a.tabIndex = 0;
    a.addEventListener("click", function () { select(id, true); });
    return a;
  }
  function kindBadge(kind) { return el("span", kind, "kind"); }
  function item(parts) {
    var li = el("li");
    parts.forEach(function (p) { li.appendChild(typeof p === "string" ? document.createTextNode(p) : p); });
    return li;
  }
  function evidenceBlock(e) {
    var box = el("div", null, "evidence");
    box.appendChild(el("div", e.evidence));
    var where = [];
    if (e.article) { where.push(e.article); }
    if (e.start !== undefined && e.end !== undefined) { where.push("characters " + e.start + "\u2013" + e.end); }
    if (where.length) { box.appendChild(el("div", where.join(", "), "muted")); }
    return box;
  }
  function publishers(articleId) {
    return outs(articleId, "published_by").map(function (e) { return e.target; });
  }
  function showClaim(n) {
    details.appendChild(el("h2", n.label));
    var facts = [];
    if (n.quote) { facts.push(n.quote + " quote"); }
    if (n.articles !== undefined) { facts.push(n.articles + (n.articles === 1 ? " article" : " articles")); }
    if (n.outlets !== undefined) { facts.push(n.outlets + (n.outlets === 1 ? " outlet" : " outlets")); }
    details.appendChild(el("p", facts.join(" \u00b7 "), "muted"));
    if (n.variants && n.variants.length) {
      details.appendChild(el("h3", "Other wordings"));
      var ul = el("ul");
      n.variants.forEach(function (v) { ul.appendChild(el("li", v)); });
      details.appendChild(ul);
    }
    var saids = outs(n.id, "said_by");
    var reports = outs(n.id, "reported_by");
    var appears = outs(n.id, "appears_in");
    var articles = [];
    appears.forEach(function (e) { if (articles.indexOf(e.target) < 0) { articles.push(e.target); } });
    saids.concat(reports).forEach(function (e) {
      var a = e.article ? "article:" + e.article : null;
      if (a && byId.has(a) && articles.indexOf(a) < 0) { articles.push(a); }
    });
    details.appendChild(el("h3", "Chain"));
    var chains = el("ul", null, "chain");
    articles.forEach(function (a) {
      var doc = a.replace(/^article:/, "");
      var mine = function (e) { return !e.article || e.article === doc; };
      var parts = [];
      saids.filter(mine).forEach(function (e, i) {
        if (i > 0) { parts.push(" / "); }
        parts.push(nodeLink(e.target));
        parts.push(" (" + (e.cue || "said") + ")");
      });
      reports.filter(mine).sort(function (x, y) { return (y.order || 1) - (x.order || 1); }).forEach(function (e) {
        parts.push(" \u2192 via #" + (e.order || 1) + " ");
        parts.push(nodeLink(e.target));
      });
      parts.push(" \u2192 ");
      parts.push(nodeLink(a));
      publishers(a).forEach(function (p) {
        parts.push(" \u2192 published by ");
        parts.push(nodeLink(p));
      });
      chains.appendChild(item(parts));
    });
    details.appendChild(chains);
    details.appendChild(el("h3", "Evidence"));
    var seen = new Set();
    saids.concat(reports, appears).forEach(function (e) {
      if (!e.evidence) { return; }
      var key = e.article + "\u0000" + e.start + "\u0000" + e.evidence;
      if (seen.has(key)) { return; }
      seen.add(key);
      details.appendChild(evidenceBlock(e));
    });
    if (seen.size === 0) { details.appendChild(el("p", "No evidence sentence recorded.", "muted")); }
  }
  function claimList(title, edges) {
    if (!edges.length) { return; }
    details.appendChild(el("h3", title + " (" + edges.length + ")"));
    var ul = el("ul");
    var ids = [];
    edges.forEach(function (e) { if (ids.indexOf(e.source) < 0) { ids.push(e.source); } });
    ids.sort(function (a, b) { return nodeName(a).localeCompare(nodeName(b)); });
    ids.forEach(function (id) { ul.appendChild(item([nodeLink(id)])); });
    details.appendChild(ul);
  }
  function showEntity(n) {
    details.appendChild(el("h2", n.label));
    var facts = [n.kind];
    ["role", "country", "outlet_kind", "publisher", "date"].forEach(function (k) { if (n[k]) { facts.push(n[k]); } });
    if (n.state_media) { facts.push("state media"); }
    details.appendChild(el("p", facts.join(" \u00b7 "), "muted"));
    if (n.aliases && n.aliases.length) { details.appendChild(el("p", "Also: " + n.aliases.join("; "), "muted")); }
    if (n.url && /^https?:\/\//i.test(n.url)) {
      var a = el("a", n.url);
      a.href = n.url;
      a.rel = "noopener noreferrer";
      details.appendChild(a);
    }
    claimList("Claims said", ins(n.id, "said_by"));
    claimList("Claims reported", ins(n.id, "reported_by"));
    claimList("Claims in this article", ins(n.id, "appears_in"));
    var pubs = ins(n.id, "published_by");
    if (pubs.length) {
      details.appendChild(el("h3", "Articles published"));
      var ul = el("ul");
      pubs.forEach(function (e) { ul.appendChild(item([nodeLink(e.source)])); });
      details.appendChild(ul);
      pubs.forEach(function (e) { claimList("Claims in " + nodeName(e.source), ins(e.source, "appears_in")); });
    }
    var rel = outs(n.id, "affiliated_with").concat(outs(n.id, "part_of"), ins(n.id, "affiliated_with"), ins(n.id, "part_of"));
    if (rel.length) {
      details.appendChild(el("h3", "Related"));
      var rl = el("ul");
      rel.forEach(function (e) {
        var other = e.source === n.id ? e.target : e.source;
        rl.appendChild(item([nodeLink(other), " (" + (e.role || e.kind.replace("_", " ")) + ")"]));
      });
      details.appendChild(rl);
    }
  }
  var selected = null;
  function select(id, focus) {
    var n = byId.get(id);
    if (!n) { return; }
    if (selected) { selected.classList.remove("selected"); }
    selected = nodeEls.get(id) || null;
    if (selected) { selected.classList.add("selected"); }
    if (selected && svg && focus) { focusOn(selected); }
    details.textContent = "";
    var head = el("p");
    head.appendChild(kindBadge(n.kind));
    head.appendChild(el("code", n.id));
    details.appendChild(head);
    if (n.kind === "claim") { showClaim(n); } else { showEntity(n); }
  }
  nodeEls.forEach(function (g, id) {
    g.addEventListener("click", function (ev) {
      if (moved) { return; }
      ev.preventDefault();
      select(id, false);
    });
  });
  document.querySelectorAll("#details li[data-node]").forEach(function (li) {
    li.classList.add("link");
    li.addEventListener("click", function () { select(li.getAttribute("data-node"), true); });
  });

  // ---- #search=TEXT&select=ID in the URL ----
  // the match (or the selected node) comes into view at a legible zoom; with neither, the
  // densest part of the picture does
  function fromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var q = params.get("search");
    var shown = false;
    if (q !== null) {
      search.value = q;
      var g = applySearch(q);
      if (g && svg) { focusOn(g); shown = true; }
    }
    var s = params.get("select");
    if (s !== null && byId.has(s)) { select(s, true); shown = shown || nodeEls.has(s); }
    return shown;
  }
  window.addEventListener("hashchange", fromHash);
  if (!fromHash() && svg) { firstView(); }
})();
