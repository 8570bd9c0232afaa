// The kg graph view: reads the JSON in #kg-data, draws it with sigma.js, wires search, filters and the side panel.
// Positions come precomputed from Python, so nothing is laid out here. State lives in `state`; every change
// ends in renderer.refresh(), and the reducers decide what is hidden, greyed or highlighted.
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("kg-data").textContent);
  const OVERVIEW = document.documentElement.dataset.mode === "overview";
  const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  const REL_COLOURS = {
    memberOf: "#7aa6d6", subOrganizationOf: "#5b7fa8", establishedBy: "#d69a5a", implements: "#e6b35c",
    cooperatesWith: "#9c7bc0", locatedIn: "#8cc084", affiliatedWith: "#c9a0a0",
  };
  const MUTED = "#e4e4e4";
  const LABEL_CHARS = 12; // longer names are cut on the canvas (in full in the panel and search)
  const short = (label) => (label.length > LABEL_CHARS ? label.slice(0, LABEL_CHARS - 1) + "…" : label);
  const typeColour = Object.fromEntries(DATA.types.map(([t, c]) => [t, c]));
  const typeName = Object.fromEntries(DATA.types.map(([t, , zh]) => [t, zh]));
  const $ = (id) => document.getElementById(id);
  const el = (tag, props, ...children) => {
    const node = Object.assign(document.createElement(tag), props || {});
    for (const c of children) node.append(c);
    return node;
  };

  // ---------------------------------------------------------------- graph
  const graph = new graphology.MultiDirectedGraph();
  DATA.nodes.forEach((n) => {
    graph.addNode(n.id, {
      x: n.x, y: n.y, size: n.s, label: short(n.l), name: n.l, color: typeColour[n.t] || "#999",
      kind: n.t, subtype: n.st, mentions: n.m, aliases: n.a || [], docs: n.d || [], gb2260: n.g || "",
    });
  });
  DATA.edges.forEach((e, i) => {
    const docs = new Set((e.ev || []).map((v) => v[0]));
    graph.addDirectedEdgeWithKey("e" + i, DATA.nodes[e.s].id, DATA.nodes[e.t].id, {
      relation: e.r, knowledge: e.k || "text", evidence: e.ev || [], docs,
      type: e.r === "cooperatesWith" ? "line" : "arrow", size: e.k ? 1 : 1.5, color: REL_COLOURS[e.r] || "#bbb",
    });
  });

  const state = {
    types: new Set(DATA.types.map(([t]) => t)),
    relations: new Set(DATA.relations),
    doc: "",
    isolated: true,
    selected: null,
    neighbours: new Set(),
    hits: new Set(),
  };

  const nodeShown = (id, a) =>
    id === state.selected ||
    (state.types.has(a.kind) && (!state.doc || a.docs.includes(state.doc)) && (state.isolated || graph.degree(id) > 0));
  const edgeShown = (a) =>
    state.relations.has(a.relation) && (!state.doc || a.knowledge !== "text" || a.docs.has(state.doc));

  // ---------------------------------------------------------------- renderer
  let renderer;
  try {
    renderer = new Sigma(graph, $("graph"), {
      labelFont: FONT,
      labelSize: 13,
      labelDensity: OVERVIEW ? 0.7 : 0.8,
      labelGridCellSize: OVERVIEW ? 140 : 100,
      labelRenderedSizeThreshold: OVERVIEW ? 4 : 5,
      zIndex: true,
      defaultEdgeType: "arrow",
      nodeReducer: (id, a) => {
        const res = { ...a };
        if (!nodeShown(id, a)) return Object.assign(res, { hidden: true });
        if (state.selected) {
          if (id === state.selected) Object.assign(res, { highlighted: true, zIndex: 2 });
          else if (state.neighbours.has(id)) Object.assign(res, { zIndex: 1, forceLabel: state.neighbours.size <= 12 });
          else Object.assign(res, { color: MUTED, label: "", zIndex: 0 });
        } else if (state.hits.size) {
          if (state.hits.has(id)) Object.assign(res, { highlighted: true, zIndex: 1 });
          else Object.assign(res, { color: MUTED, label: "" });
        }
        return res;
      },
      edgeReducer: (id, a) => {
        const res = { ...a };
        if (!edgeShown(a)) return Object.assign(res, { hidden: true });
        if (state.selected) {
          const [s, t] = graph.extremities(id);
          if (s === state.selected || t === state.selected) res.size = a.size + 1;
          else res.color = MUTED;
        } else if (state.hits.size) res.color = MUTED;
        return res;
      },
    });
  } catch (err) {
    $("graph").append(el("p", { className: "error", textContent: "Cannot draw the graph (WebGL unavailable?): " + err }));
    throw err;
  }

  // ---------------------------------------------------------------- counts, filters, legend
  function updateCounts() {
    let nodes = 0, edges = 0;
    graph.forEachNode((id, a) => { if (nodeShown(id, a)) nodes++; });
    graph.forEachEdge((id, a, s, t, sa, ta) => {
      if (edgeShown(a) && nodeShown(s, sa) && nodeShown(t, ta)) edges++;
    });
    $("counts").textContent = `${nodes} 个实体 entities · ${edges} 条关系 relations`;
  }

  function refresh() {
    updateCounts();
    renderer.refresh();
  }

  function checkbox(container, value, text, colour, count, set) {
    const box = el("input", { type: "checkbox", checked: true, value });
    box.addEventListener("change", () => { box.checked ? set.add(value) : set.delete(value); refresh(); });
    const label = el("label", {}, box);
    if (colour) label.append(el("span", { className: "dot", style: `background:${colour}` }));
    label.append(text, el("small", { textContent: String(count) }));
    container.append(label);
  }

  const typeCounts = {}, relCounts = {};
  graph.forEachNode((id, a) => { typeCounts[a.kind] = (typeCounts[a.kind] || 0) + 1; });
  graph.forEachEdge((id, a) => { relCounts[a.relation] = (relCounts[a.relation] || 0) + 1; });
  DATA.types.forEach(([t, colour, zh]) => {
    checkbox($("f-types"), t, `${zh} ${t}`, colour, typeCounts[t] || 0, state.types);
    $("legend").append(el("div", {}, el("span", { className: "dot", style: `background:${colour}` }), `${zh} ${t}`));
  });
  DATA.relations.forEach((r) => checkbox($("f-relations"), r, r, REL_COLOURS[r], relCounts[r] || 0, state.relations));
  if (!DATA.relations.length) $("f-relations").append(el("small", { textContent: "(none)" }));
  const lonely = graph.filterNodes((id) => graph.degree(id) === 0).length;
  checkbox($("f-relations"), "isolated", "无关系的实体 without relations", "", lonely, {
    add: () => { state.isolated = true; }, delete: () => { state.isolated = false; },
  });
  const docSelect = $("f-doc");
  docSelect.append(el("option", { value: "", textContent: "全部文档 All documents" }));
  Object.entries(DATA.docs).forEach(([id, title]) => {
    const short = title.length > 28 ? title.slice(0, 27) + "…" : title;
    docSelect.append(el("option", { value: id, textContent: short ? `${short} (${id})` : id, title: title }));
  });
  docSelect.addEventListener("change", () => { state.doc = docSelect.value; refresh(); });

  // ---------------------------------------------------------------- side panel
  function markNames(text, names) {
    // Split the sentence around every occurrence of the names (longest first) and wrap them in <mark>.
    const frag = document.createDocumentFragment();
    const sorted = [...new Set(names.filter((n) => n))].sort((a, b) => b.length - a.length);
    let i = 0, plain = "";
    while (i < text.length) {
      const hit = sorted.find((n) => text.startsWith(n, i));
      if (hit) {
        if (plain) { frag.append(plain); plain = ""; }
        frag.append(el("mark", { textContent: hit }));
        i += hit.length;
      } else plain += text[i++];
    }
    if (plain) frag.append(plain);
    return frag;
  }

  function section(title, ...children) {
    return [el("h3", { textContent: title }), ...children];
  }

  function showPanel(id) {
    const panel = $("panel");
    panel.replaceChildren();
    if (!id) {
      panel.append(el("p", { className: "hint", textContent: "点击节点查看别名、文档和证据句。Click a node to see its aliases, documents and evidence." }));
      return;
    }
    const a = graph.getNodeAttributes(id);
    panel.append(
      el("h2", { textContent: a.name }),
      el("p", { className: "meta" }, el("span", { className: "dot", style: `background:${typeColour[a.kind] || "#999"}` }),
        ` ${typeName[a.kind] || a.kind} · ${a.subtype} · ${a.mentions} 次提及 mentions` + (a.gb2260 ? ` · GB/T 2260 ${a.gb2260}` : "")),
      el("p", { className: "iri", textContent: id }),
    );
    panel.append(...section("别名 Aliases", a.aliases.length
      ? el("div", { className: "aliases" }, ...a.aliases.map((x) => el("span", { className: "chip", textContent: x })))
      : el("p", { className: "hint", textContent: "—" })));
    panel.append(...section("文档 Documents", a.docs.length
      ? el("ul", { className: "documents" }, ...a.docs.map((d) => el("li", { textContent: DATA.docs[d] ? `${DATA.docs[d]} (${d})` : d })))
      : el("p", { className: "hint", textContent: "—" })));
    const rels = [];
    graph.forEachEdge(id, (e, ea, s, t) => rels.push({ e, ea, out: s === id, other: s === id ? t : s }));
    rels.sort((x, y) => x.ea.relation.localeCompare(y.ea.relation) || Number(y.out) - Number(x.out)
      || graph.getNodeAttribute(x.other, "name").localeCompare(graph.getNodeAttribute(y.other, "name")));
    const list = el("div", { className: "relations" });
    rels.forEach(({ ea, out, other }) => {
      const oa = graph.getNodeAttributes(other);
      const go = el("button", { type: "button", textContent: oa.name, title: other });
      go.addEventListener("click", () => select(other, true));
      const head = el("div", {}, out ? "→ " : "← ", el("span", { className: "name", textContent: ea.relation }), " ", go);
      const box = el("div", { className: "rel" }, head);
      if (ea.knowledge !== "text") box.append(el("div", { className: "gazetteer", textContent: "GB/T 2260 行政区划 gazetteer" }));
      if (ea.evidence.length) {
        const names = [a.name, ...a.aliases, oa.name, ...oa.aliases];
        box.append(el("ul", { className: "evidence" }, ...ea.evidence.map(([doc, text, implicit]) => {
          const li = el("li", {}, markNames(text, names), " ", el("small", { textContent: doc }));
          if (implicit) li.append(el("span", { className: "badge", textContent: "主语省略 implicit subject", title: "The subject was inferred from the report's protagonist" }));
          return li;
        })));
      }
      list.append(box);
    });
    panel.append(...section(`关系 Relations (${rels.length})`, rels.length ? list : el("p", { className: "hint", textContent: "—" })));
  }

  function select(id, moveCamera) {
    state.selected = id && graph.hasNode(id) ? id : null;
    state.neighbours = new Set(state.selected ? graph.neighbors(state.selected) : []);
    showPanel(state.selected);
    refresh();
    if (state.selected && moveCamera) {
      const d = renderer.getNodeDisplayData(state.selected);
      if (d) renderer.getCamera().animate({ x: d.x, y: d.y, ratio: Math.min(renderer.getCamera().ratio, 0.5) }, { duration: 400 });
    }
    if (!OVERVIEW) {
      const url = location.pathname + location.search;
      history.replaceState(null, "", state.selected ? url + "#node=" + encodeURIComponent(graph.getNodeAttribute(state.selected, "name")) : url);
    }
  }

  renderer.on("clickNode", ({ node }) => select(node, false));
  renderer.on("clickStage", () => select(null, false));
  renderer.on("enterNode", () => { $("graph").style.cursor = "pointer"; });
  renderer.on("leaveNode", () => { $("graph").style.cursor = ""; });

  // ---------------------------------------------------------------- search
  const index = DATA.nodes.map((n) => ({ id: n.id, names: [n.l, ...(n.a || [])].map((x) => x.toLowerCase()), n }));

  function search(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const found = [];
    for (const item of index) {
      let rank = 3;
      for (const name of item.names) {
        if (name === q) rank = Math.min(rank, 0);
        else if (name.startsWith(q)) rank = Math.min(rank, 1);
        else if (name.includes(q)) rank = Math.min(rank, 2);
      }
      if (rank < 3) found.push([rank, -item.n.m, item.n.l, item.id]);
    }
    found.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]));
    return found.map((f) => f[3]);
  }

  const input = $("search"), results = $("results");
  function showResults() {
    const ids = search(input.value);
    state.hits = new Set(ids);
    results.replaceChildren(...ids.slice(0, 15).map((id, i) => {
      const a = graph.getNodeAttributes(id);
      const li = el("li", { className: i === 0 ? "active" : "", role: "option" },
        el("span", { className: "dot", style: `background:${typeColour[a.kind] || "#999"}` }),
        el("span", { className: "label", textContent: a.name }), el("small", { textContent: typeName[a.kind] || a.kind }));
      li.dataset.id = id;
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(id); });
      return li;
    }));
    if (input.value.trim() && !ids.length) results.append(el("li", { className: "none", textContent: "无结果 No match" }));
    results.hidden = !input.value.trim();
    refresh();
  }
  function choose(id) {
    results.hidden = true;
    state.hits = new Set();
    select(id, true);
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      const first = results.querySelector("li[data-id]");
      if (first) choose(first.dataset.id);
    } else if (ev.key === "Escape") {
      input.value = "";
      showResults();
    }
  });
  input.addEventListener("blur", () => { results.hidden = true; });

  // ---------------------------------------------------------------- start
  function fromHash() {
    const m = /^#node=(.+)$/.exec(location.hash);
    if (!m) return;
    const wanted = decodeURIComponent(m[1]);
    const id = graph.hasNode(wanted) ? wanted : search(wanted)[0];
    if (id) select(id, false);
  }
  window.addEventListener("hashchange", fromHash);
  updateCounts();
  fromHash();
  window.kg = { graph, renderer, state, select, search };
  requestAnimationFrame(() => requestAnimationFrame(() => { document.documentElement.dataset.ready = "true"; }));
})();
