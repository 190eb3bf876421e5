// The script of `toc render -o model.html` (toc/render/interactive.py): pan and zoom, search,
// a click lights up an element's chain, groups collapse, a hover card shows a KPI's values.
// User text comes only from the JSON block and goes into the page only as text (textContent).
"use strict";
(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const data = JSON.parse(document.getElementById("toc-data").textContent);
  const elements = data.elements;
  const canvas = document.getElementById("toc-canvas");
  const svg = canvas.querySelector("svg");
  const graph = svg.querySelector("g.graph");
  const card = document.getElementById("toc-card");
  const status = document.getElementById("toc-status");
  const count = document.getElementById("toc-count");
  const search = document.getElementById("toc-search");
  const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  // --- finding the drawn elements: Graphviz titles a node with its name, a link `a->b` ---
  const titleOf = (g) => {
    const title = g.querySelector(":scope > title");
    return title ? title.textContent : "";
  };
  const nodes = new Map(); // element id -> <g class="node">
  const boxes = new Map(); // element id -> its box in the graph's coordinates
  for (const g of svg.querySelectorAll("g.node")) {
    const id = titleOf(g);
    if (!own(elements, id)) continue; // headings and the key
    nodes.set(id, g);
    boxes.set(id, g.getBBox());
    g.classList.add("toc-el");
    g.setAttribute("tabindex", "0");
    g.dataset.tocId = id;
    for (const a of g.querySelectorAll("a")) {
      a.removeAttributeNS("http://www.w3.org/1999/xlink", "title"); // the card says it
    }
  }
  const edges = []; // {g, source, target}
  for (const g of svg.querySelectorAll("g.edge")) {
    const title = titleOf(g);
    for (let at = title.indexOf("->"); at >= 0; at = title.indexOf("->", at + 1)) {
      const source = title.slice(0, at);
      const target = title.slice(at + 2);
      if (nodes.has(source) && nodes.has(target)) {
        edges.push({ g, source, target });
        break;
      }
    }
  }
  const clusters = new Map(); // title -> {g, inside: ids of the elements drawn within it}
  for (const g of svg.querySelectorAll("g.cluster")) {
    const r = g.getBBox();
    const inside = [];
    for (const [id, b] of boxes) {
      const cx = b.x + b.width / 2;
      const cy = b.y + b.height / 2;
      if (cx > r.x && cx < r.x + r.width && cy > r.y && cy < r.y + r.height) inside.push(id);
    }
    clusters.set(titleOf(g), { g, inside });
  }

  // --- pan and zoom, on the viewBox ---
  const start = svg.viewBox.baseVal;
  const home = { x: start.x, y: start.y, w: start.width, h: start.height };
  let box = { ...home };
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  const show = () => svg.setAttribute("viewBox", `${box.x} ${box.y} ${box.w} ${box.h}`);
  const toGraph = (clientX, clientY) => {
    const point = svg.createSVGPoint();
    point.x = clientX;
    point.y = clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  };
  const zoomAt = (factor, clientX, clientY) => {
    const w = Math.min(Math.max(box.w * factor, home.w / 50), home.w * 4);
    const real = w / box.w;
    const p = toGraph(clientX, clientY);
    box = { x: p.x - (p.x - box.x) * real, y: p.y - (p.y - box.y) * real, w, h: box.h * real };
    show();
  };
  const zoomMiddle = (factor) => {
    const r = canvas.getBoundingClientRect();
    zoomAt(factor, r.left + r.width / 2, r.top + r.height / 2);
  };
  canvas.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoomAt(Math.pow(1.0015, event.deltaY), event.clientX, event.clientY);
  }, { passive: false });
  let drag = null;
  let dragged = false;
  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, box: { ...box } };
    dragged = false;
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!dragged && Math.hypot(dx, dy) < 4) return;
    if (!dragged) canvas.setPointerCapture(event.pointerId);
    dragged = true;
    canvas.classList.add("toc-dragging");
    const r = canvas.getBoundingClientRect();
    const scale = Math.max(drag.box.w / r.width, drag.box.h / r.height);
    box = { ...drag.box, x: drag.box.x - dx * scale, y: drag.box.y - dy * scale };
    show();
  });
  const endDrag = () => {
    drag = null;
    canvas.classList.remove("toc-dragging");
  };
  canvas.addEventListener("pointerup", endDrag);
  canvas.addEventListener("pointercancel", endDrag);
  document.getElementById("toc-zoom-in").addEventListener("click", () => zoomMiddle(1 / 1.4));
  document.getElementById("toc-zoom-out").addEventListener("click", () => zoomMiddle(1.4));
  document.getElementById("toc-fit").addEventListener("click", () => {
    box = { ...home };
    show();
  });
  const centre = (id) => {
    const r = nodes.get(id).getBoundingClientRect();
    const p = toGraph(r.left + r.width / 2, r.top + r.height / 2);
    const want = boxes.get(id).width * 6; // a readable size: the node a sixth of the view
    const factor = box.w > want ? want / box.w : 1;
    box = { x: p.x - (box.w * factor) / 2, y: p.y - (box.h * factor) / 2,
      w: box.w * factor, h: box.h * factor };
    show();
  };

  // --- a click lights up the chain: everything up- and downstream of an element ---
  const reach = (id, way) => {
    const seen = new Set();
    const stack = [id];
    while (stack.length) {
      for (const next of elements[stack.pop()][way]) {
        if (!seen.has(next) && next !== id) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  };
  let selected = null;
  const clearChain = () => {
    selected = null;
    svg.classList.remove("toc-focus");
    for (const el of svg.querySelectorAll(".toc-on, .toc-selected")) {
      el.classList.remove("toc-on", "toc-selected");
    }
    status.textContent = "";
  };
  const select = (id) => {
    clearChain();
    selected = id;
    const up = reach(id, "up");
    const down = reach(id, "down");
    const before = new Set([id, ...up]);
    const after = new Set([id, ...down]);
    svg.classList.add("toc-focus");
    for (const chainId of [id, ...up, ...down]) nodes.get(chainId)?.classList.add("toc-on");
    nodes.get(id).classList.add("toc-selected");
    for (const edge of edges) {
      const onUp = before.has(edge.source) && before.has(edge.target);
      const onDown = after.has(edge.source) && after.has(edge.target);
      if (onUp || onDown) edge.g.classList.add("toc-on");
    }
    status.textContent = `${elements[id].label}: ${up.size} upstream, ${down.size} downstream.`;
  };
  canvas.addEventListener("click", (event) => {
    if (dragged) {
      dragged = false;
      return;
    }
    const placeholder = event.target.closest(".toc-collapsed-box");
    if (placeholder) {
      setCollapsed(placeholder.dataset.group, false);
      return;
    }
    const node = event.target.closest(".toc-el");
    if (!node) {
      clearChain();
      return;
    }
    if (!(event.ctrlKey || event.metaKey || event.shiftKey)) event.preventDefault(); // a source link
    if (selected === node.dataset.tocId) clearChain();
    else select(node.dataset.tocId);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") clearChain();
    const node = event.target.closest && event.target.closest(".toc-el");
    if (node && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(node.dataset.tocId);
    }
  });

  // --- search: labels and ids containing the words typed, in the order drawn ---
  let matches = [];
  let current = -1;
  const goTo = (index) => {
    for (const el of svg.querySelectorAll(".toc-current")) el.classList.remove("toc-current");
    if (!matches.length) return;
    current = (index + matches.length) % matches.length;
    const id = matches[current];
    nodes.get(id).classList.add("toc-current");
    centre(id);
    count.textContent = `${current + 1} of ${matches.length}`;
  };
  const find = (move = true) => {
    for (const el of svg.querySelectorAll(".toc-match")) el.classList.remove("toc-match");
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    matches = [];
    current = -1;
    if (!words.length) {
      count.textContent = "";
      goTo(-1);
      return;
    }
    for (const [id, node] of nodes) {
      const text = `${elements[id].label} ${id}`.toLowerCase();
      if (!node.classList.contains("toc-hidden") && words.every((w) => text.includes(w))) {
        matches.push(id);
        node.classList.add("toc-match");
      }
    }
    count.textContent = matches.length ? `${matches.length} found` : "no match";
    if (move) goTo(0);
  };
  search.addEventListener("input", () => find());
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      goTo(current + (event.shiftKey ? -1 : 1));
    }
  });
  document.getElementById("toc-next").addEventListener("click", () => goTo(current + 1));
  document.getElementById("toc-prev").addEventListener("click", () => goTo(current - 1));

  // --- groups collapse to a box where they were drawn, and expand again ---
  const groupsByKey = new Map(data.groups.map((g) => [g.key, g]));
  const collapsed = new Set();
  const buttons = new Map();
  const placeholders = new Map();
  const groupBox = (group) => {
    const cluster = group.cluster && clusters.get(group.cluster);
    if (cluster) return cluster.g.getBBox();
    const members = group.members.filter((id) => nodes.has(id));
    if (!members.length) return null;
    const b = members.map((id) => boxes.get(id));
    const x = Math.min(...b.map((r) => r.x));
    const y = Math.min(...b.map((r) => r.y));
    const right = Math.max(...b.map((r) => r.x + r.width));
    const bottom = Math.max(...b.map((r) => r.y + r.height));
    const inside = new Set(members);
    for (const [id, r] of boxes) { // a box over others' nodes would hide them: no box then
      const cx = r.x + r.width / 2;
      const cy = r.y + r.height / 2;
      if (!inside.has(id) && cx > x && cx < right && cy > y && cy < bottom) return null;
    }
    return { x, y, width: right - x, height: bottom - y };
  };
  const placeholderFor = (group, hidden) => {
    const r = groupBox(group);
    if (!r) return null;
    const g = document.createElementNS(SVGNS, "g");
    g.setAttribute("class", "toc-collapsed-box");
    g.dataset.group = group.key;
    const rect = document.createElementNS(SVGNS, "rect");
    for (const [k, v] of Object.entries({ x: r.x, y: r.y, width: r.width, height: r.height })) {
      rect.setAttribute(k, v);
    }
    rect.setAttribute("rx", 6);
    const text = document.createElementNS(SVGNS, "text");
    text.setAttribute("x", r.x + 8);
    text.setAttribute("y", r.y + 20);
    text.textContent = `\u25B8 ${group.label} (${hidden} hidden)`;
    g.append(rect, text);
    graph.append(g);
    return g;
  };
  const applyGroups = () => {
    const hidden = new Set();
    for (const group of data.groups) {
      if (collapsed.has(group.key)) for (const id of group.members) hidden.add(id);
    }
    const boxed = new Set(); // members of a collapsed group drawn as a box: links end at the box
    for (const group of data.groups) {
      if (collapsed.has(group.key) && placeholders.get(group.key)) {
        for (const id of group.members) boxed.add(id);
      }
    }
    for (const [id, node] of nodes) node.classList.toggle("toc-hidden", hidden.has(id));
    for (const edge of edges) {
      const inner = hidden.has(edge.source) && hidden.has(edge.target);
      const loose = (hidden.has(edge.source) && !boxed.has(edge.source))
        || (hidden.has(edge.target) && !boxed.has(edge.target));
      edge.g.classList.toggle("toc-hidden", inner || loose);
    }
    for (const cluster of clusters.values()) { // a box around only hidden elements goes too
      const empty = cluster.inside.length > 0 && cluster.inside.every((id) => hidden.has(id));
      cluster.g.classList.toggle("toc-hidden", empty);
    }
  };
  function setCollapsed(key, shut) {
    const group = groupsByKey.get(key);
    if (!group) return;
    if (shut) collapsed.add(key);
    else collapsed.delete(key);
    const old = placeholders.get(key);
    if (old) old.remove();
    placeholders.delete(key);
    if (shut) placeholders.set(key, placeholderFor(group, group.members.length));
    const button = buttons.get(key);
    button.setAttribute("aria-expanded", String(!shut));
    button.firstChild.textContent = shut ? "\u25B8 " : "\u25BE ";
    if (selected && group.members.includes(selected)) clearChain();
    applyGroups();
    if (search.value) find(false); // the matches change, the view stays
  }
  const panel = document.getElementById("toc-groups");
  const sections = { group: "Groups", band: "Bands", column: "Columns" };
  const lists = new Map();
  for (const group of data.groups) {
    if (!lists.has(group.kind)) {
      const heading = document.createElement("h2");
      heading.textContent = sections[group.kind];
      const list = document.createElement("ul");
      panel.append(heading, list);
      lists.set(group.kind, list);
    }
    const item = document.createElement("li");
    item.style.paddingLeft = `${group.depth}rem`;
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.group = group.key;
    button.setAttribute("aria-expanded", "true");
    button.append(document.createElement("span"), `${group.label} (${group.members.length})`);
    button.firstChild.textContent = "\u25BE ";
    button.addEventListener("click", () => setCollapsed(group.key, !collapsed.has(group.key)));
    buttons.set(group.key, button);
    item.append(button);
    lists.get(group.kind).append(item);
  }

  // --- the hover card: kind, label, id, description, findings; a KPI's values ---
  const line = (dl, term, values) => {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = values.length ? values.join("; ") : "none";
    dl.append(dt, dd);
  };
  const fill = (id) => {
    const element = elements[id];
    card.replaceChildren();
    const kind = document.createElement("div");
    kind.className = "toc-kind";
    kind.textContent = element.heading;
    const heading = document.createElement("h3");
    heading.textContent = element.label;
    const ident = document.createElement("div");
    ident.className = "toc-id";
    ident.textContent = id;
    card.append(kind, heading, ident);
    if (element.description) {
      const p = document.createElement("p");
      p.textContent = element.description;
      card.append(p);
    }
    const dl = document.createElement("dl");
    if (element.kpi) {
      line(dl, "Measure", [element.kpi.measure]);
      line(dl, "Baseline", element.kpi.baseline);
      line(dl, "Target", element.kpi.target);
      line(dl, "Latest actual", element.kpi.latest);
      if (element.kpi.status) line(dl, "Status", [element.kpi.status]);
    }
    if (element.group && groupsByKey.has(element.group)) {
      const path = [];
      for (let g = groupsByKey.get(element.group); g; g = groupsByKey.get(g.parent)) {
        path.unshift(g.label);
      }
      line(dl, "Group", [path.join(" \u203A ")]);
    }
    if (element.codes) line(dl, "Findings", element.codes);
    if (dl.childElementCount) card.append(dl);
  };
  const place = (x, y) => {
    const room = window.innerWidth - card.offsetWidth - 12;
    card.style.left = `${Math.max(4, Math.min(x + 14, room))}px`;
    const below = y + 14 + card.offsetHeight < window.innerHeight;
    card.style.top = `${Math.max(4, below ? y + 14 : y - 14 - card.offsetHeight)}px`;
  };
  const showCard = (id, x, y) => {
    fill(id);
    card.hidden = false;
    place(x, y);
  };
  svg.addEventListener("pointerover", (event) => {
    const node = event.target.closest(".toc-el");
    if (node && !drag) showCard(node.dataset.tocId, event.clientX, event.clientY);
  });
  svg.addEventListener("pointermove", (event) => {
    if (!card.hidden) place(event.clientX, event.clientY);
  });
  svg.addEventListener("pointerout", (event) => {
    const node = event.target.closest(".toc-el");
    if (node && !node.contains(event.relatedTarget)) card.hidden = true;
  });
  svg.addEventListener("focusin", (event) => {
    const node = event.target.closest(".toc-el");
    if (!node) return;
    const r = node.getBoundingClientRect();
    showCard(node.dataset.tocId, r.right, r.bottom);
  });
  svg.addEventListener("focusout", () => { card.hidden = true; });
  show();
})();
