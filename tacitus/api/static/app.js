// tacitus dashboard: plain JS over the JSON API. Every value from the API reaches the page
// as text nodes or attributes (never as HTML), so stored text cannot inject markup; only
// http(s) URLs become links (an input's url may say anything, e.g. javascript:), and inline
// styles are set through the CSSOM, which the server's Content-Security-Policy allows.
"use strict";

const QUAD = {
  1: { name: "verbal cooperation", color: "#3f9b6e" },
  2: { name: "material cooperation", color: "#2f74b5" },
  3: { name: "verbal conflict", color: "#e39a2d" },
  4: { name: "material conflict", color: "#cf3f36" },
};
const FILTER_KEYS = ["since", "until", "country", "actor", "source", "target", "code",
  "quad_class", "place_country", "place", "modality", "q"];
const LABELS = { since: "since", until: "until", country: "country", actor: "actor",
  source: "source", target: "target", code: "CAMEO", quad_class: "class",
  place_country: "place country", place: "place", modality: "mode", q: "text" };
const PAGE = 50;
// Buckets shown before the timeline switches to a coarser interval.
const MAX_BUCKETS = 160;
// Share of events the timeline's x axis must cover when no dates are filtered: stray
// historical dates (a treaty of 1945 quoted in 2019 news) would otherwise squash the chart.
const TIMELINE_COVER = 0.98;
const TICK_GAP = 90;
const TIMELINE_HEIGHT = 230;
// Map framing (degrees): padding around the points, the narrowest view, and the width/height
// ratio of the map (the whole world in plate carree).
const MAP_PAD = 12;
const MAP_MIN_SPAN = 70;
const MAP_ASPECT = 2;
const SVGNS = "http://www.w3.org/2000/svg";

const state = { filters: {}, sort: "-date", cursor: null, health: null, world: null, timeline: null };

// -- small helpers --------------------------------------------------------------------
function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "style") node.style.cssText = v;
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c == null) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

function svg(tag, attrs, parent) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "style") node.style.cssText = v;
    else node.setAttribute(k, v);
  }
  if (parent) parent.append(node);
  return node;
}

// The URL itself if it is an absolute http(s) URL, else null: nothing else becomes a link.
function safeUrl(url) {
  if (typeof url !== "string") return null;
  let parsed;
  try { parsed = new URL(url.trim()); } catch (e) { return null; }
  return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
}

// " · original" linking to an article's source, or null when its url is not http(s).
function originalLink(url) {
  const href = safeUrl(url);
  return href ? [" · ", el("a", { href, target: "_blank", rel: "noopener noreferrer" }, "original")] : null;
}

function tip(node, text) { svg("title", {}, node).textContent = text; return node; }

function query(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, v);
  return p.toString();
}

async function api(path, params) {
  const r = await fetch(path + (params ? "?" + query(params) : ""), { headers: { accept: "application/json" } });
  if (!r.ok) {
    const body = await r.json().catch(() => ({}));
    throw new Error(body.error || `${path}: HTTP ${r.status}`);
  }
  return r.json();
}

function fmt(n, digits = 0) {
  if (n == null || Number.isNaN(n)) return "–";
  return Number(n).toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

// Goldstein -10..10 as red .. grey .. blue.
function goldColor(g) {
  if (g == null) return "#8b95a1";
  const t = Math.max(-1, Math.min(1, g / 10));
  const grey = [150, 158, 168], red = [207, 63, 54], blue = [47, 116, 181];
  const to = t < 0 ? red : blue, a = Math.abs(t);
  const c = grey.map((x, i) => Math.round(x + (to[i] - x) * a));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function addDays(iso, n) {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function bucketEnd(iso, interval) {
  if (interval === "day") return iso;
  if (interval === "week") return addDays(iso, 6);
  const d = new Date(iso + "T00:00:00Z");
  if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function actorLabel(name, text, code) {
  const who = name || text || "—";
  return code ? [who, " ", el("span", { class: "code" }, code)] : [who];
}

// -- filters --------------------------------------------------------------------------
function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  state.filters = {};
  for (const k of FILTER_KEYS) if (p.get(k)) state.filters[k] = p.get(k);
  state.sort = p.get("sort") || "-date";
}

function writeHash() {
  const h = query({ ...state.filters, sort: state.sort === "-date" ? "" : state.sort });
  if (location.hash.slice(1) !== h) location.hash = h;
  else refresh();
}

function setFilters(patch) {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === undefined || v === "") delete state.filters[k];
    else state.filters[k] = String(v);
  }
  writeHash();
  $("table-card").scrollIntoView({ behavior: "smooth", block: "start" });
}

function syncForm() {
  const form = $("filters");
  for (const k of FILTER_KEYS) if (form.elements[k]) form.elements[k].value = state.filters[k] || "";
}

function renderChips() {
  const box = $("chips");
  box.replaceChildren();
  for (const [k, v] of Object.entries(state.filters)) {
    const shown = k === "quad_class" ? `${v} ${QUAD[v] ? QUAD[v].name : ""}` : v;
    box.append(el("button", { class: "chip", type: "button", title: "remove this filter",
      onclick: () => setFilters({ [k]: null }) }, `${LABELS[k]}: ${shown}`, el("b", {}, " ×")));
  }
}

function showError(err) {
  const box = $("error");
  box.hidden = !err;
  box.textContent = err ? String(err.message || err) : "";
}

// -- header ---------------------------------------------------------------------------
async function loadHealth() {
  state.health = await api("/api/health");
  const h = state.health;
  $("stats").replaceChildren(
    el("span", {}, el("b", {}, fmt(h.events)), " events"),
    el("span", {}, el("b", {}, fmt(h.event_mentions)), " mentions"),
    el("span", {}, el("b", {}, fmt(h.articles)), " articles"),
    el("span", {}, h.date_min ? `${h.date_min} → ${h.date_max}` : "no dated events"));
}

function legend() {
  const box = $("quad-legend");
  box.replaceChildren(...Object.entries(QUAD).map(([q, v]) =>
    el("button", { class: "key", type: "button", onclick: () => setFilters({ quad_class: q }) },
      el("i", { style: `background:${v.color}` }), `${q} ${v.name}`)),
    el("span", { class: "key" }, el("i", { class: "line" }), "mean Goldstein"));
}

// -- timeline -------------------------------------------------------------------------
async function loadTimeline() {
  let interval = "day";
  let data = await api("/api/timeline", { ...state.filters, interval });
  for (const next of ["week", "month", "year"]) {
    const shown = coverRange(data.buckets);
    if (shown.length <= MAX_BUCKETS) break;
    interval = next;
    data = await api("/api/timeline", { ...state.filters, interval });
  }
  state.timeline = [data.buckets, interval];
  drawTimeline(data.buckets, interval);
}

// The run of buckets holding TIMELINE_COVER of the events (all when dates are filtered).
function coverRange(buckets) {
  if (state.filters.since || state.filters.until || buckets.length < 3) return buckets;
  const total = buckets.reduce((s, b) => s + b.events, 0);
  const cut = total * (1 - TIMELINE_COVER) / 2;
  let lo = 0, hi = buckets.length - 1, acc = 0;
  while (lo < hi && acc + buckets[lo].events <= cut) acc += buckets[lo++].events;
  acc = 0;
  while (hi > lo && acc + buckets[hi].events <= cut) acc += buckets[hi--].events;
  return buckets.slice(lo, hi + 1);
}

function drawTimeline(all, interval) {
  const box = $("timeline");
  box.replaceChildren();
  const buckets = coverRange(all);
  const hidden = all.reduce((s, b) => s + b.events, 0) - buckets.reduce((s, b) => s + b.events, 0);
  $("timeline-note").textContent = `per ${interval}` +
    (hidden ? ` · ${fmt(hidden)} events with outlying dates not drawn` : "");
  if (!buckets.length) { box.append(el("p", { class: "empty" }, "No dated events for these filters.")); return; }
  const W = Math.max(box.clientWidth, 320);
  // as tall as the actors card beside it leaves room for (on wide screens)
  const H = Math.max(TIMELINE_HEIGHT, Math.min(420, $("actors-card").clientHeight - 70));
  const m = { l: 44, r: 44, t: 12, b: 26 };
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "timeline" }, box);
  const t0 = Date.parse(buckets[0].date), t1 = Date.parse(bucketEnd(buckets[buckets.length - 1].date, interval)) + 864e5;
  const x = (iso) => m.l + (Date.parse(iso) - t0) / (t1 - t0) * (W - m.l - m.r);
  const maxN = Math.max(...buckets.map((b) => b.events));
  const y = (n) => H - m.b - n / maxN * (H - m.t - m.b);
  const yg = (g) => m.t + (10 - g) / 20 * (H - m.t - m.b);
  // grid and axes
  for (const f of [0, 0.5, 1]) {
    const n = Math.round(maxN * f);
    svg("line", { x1: m.l, x2: W - m.r, y1: y(n), y2: y(n), class: "grid" }, root);
    svg("text", { x: m.l - 6, y: y(n) + 4, class: "axis", "text-anchor": "end" }, root).textContent = fmt(n);
  }
  for (const g of [-10, 0, 10]) {
    svg("text", { x: W - m.r + 6, y: yg(g) + 4, class: "axis gold" }, root).textContent = (g > 0 ? "+" : "") + g;
  }
  svg("line", { x1: m.l, x2: W - m.r, y1: yg(0), y2: yg(0), class: "zero" }, root);
  // date labels on the bars, at least TICK_GAP pixels apart
  let lastTick = -Infinity;
  for (const b of buckets) {
    const px = x(b.date);
    if (px - lastTick < TICK_GAP || px > W - m.r - 30) continue;
    lastTick = px;
    svg("line", { x1: px, x2: px, y1: H - m.b, y2: H - m.b + 4, class: "grid tick" }, root);
    svg("text", { x: px, y: H - 8, class: "axis", "text-anchor": "start" }, root)
      .textContent = interval === "month" || interval === "year" ? b.date.slice(0, 7) : b.date;
  }
  // stacked bars, one rect per QuadClass
  const bw = Math.max(2, (x(bucketEnd(buckets[0].date, interval)) - x(buckets[0].date)) + (W - m.l - m.r) / (t1 - t0) * 864e5 - 1);
  for (const b of buckets) {
    let base = 0;
    for (const q of ["1", "2", "3", "4", "none"]) {
      const part = b.quad[q];
      if (!part) continue;
      const r = svg("rect", {
        x: x(b.date), width: bw, y: y(base + part.events), height: Math.max(1, y(base) - y(base + part.events)),
        fill: QUAD[q] ? QUAD[q].color : "#9aa3ad", class: "bar", "data-date": b.date,
        onclick: () => setFilters({ since: b.date, until: bucketEnd(b.date, interval), quad_class: QUAD[q] ? q : null }),
      }, root);
      tip(r, `${b.date}${interval === "day" ? "" : " (" + interval + ")"}\n${QUAD[q] ? QUAD[q].name : "unclassed"}: ` +
        `${fmt(part.events)} events, mean Goldstein ${fmt(part.goldstein, 1)}\nclick to filter`);
      base += part.events;
    }
  }
  // mean Goldstein line
  const pts = buckets.filter((b) => b.goldstein != null).map((b) => [x(b.date) + bw / 2, yg(b.goldstein), b]);
  if (pts.length > 1) svg("path", { d: "M" + pts.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join("L"), class: "gline" }, root);
  for (const [px, py, b] of pts) tip(svg("circle", { cx: px, cy: py, r: 2.5, class: "gdot" }, root), `${b.date}: mean Goldstein ${fmt(b.goldstein, 2)}`);
}

// -- map ------------------------------------------------------------------------------
async function loadMap() {
  if (!state.world) state.world = await (await fetch("/static/world-110m.json")).json();
  const data = await api("/api/places", { ...state.filters, limit: 1500 });
  drawMap(data.places);
}

// The part of the world the points are in, padded, at the card's aspect ratio; the whole
// world (less Antarctica) when points are few or everywhere.
function mapView(places) {
  const full = [-180, -90, 360, 180];
  if (!places.length) return full;
  let x0 = 180, x1 = -180, y0 = 90, y1 = -90;
  for (const p of places) {
    x0 = Math.min(x0, p.lon); x1 = Math.max(x1, p.lon);
    y0 = Math.min(y0, -p.lat); y1 = Math.max(y1, -p.lat);
  }
  let w = Math.max(x1 - x0 + 2 * MAP_PAD, MAP_MIN_SPAN), h = Math.max(y1 - y0 + 2 * MAP_PAD, MAP_MIN_SPAN / MAP_ASPECT);
  if (w / h < MAP_ASPECT) w = h * MAP_ASPECT; else h = w / MAP_ASPECT;
  if (w >= 360) return full;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return [cx - w / 2, Math.max(-90, Math.min(90 - h, cy - h / 2)), w, h].map((v) => +v.toFixed(2));
}

function drawMap(places) {
  const box = $("map");
  box.replaceChildren();
  const vb = mapView(places);
  const root = svg("svg", { viewBox: vb.join(" "), class: "map", preserveAspectRatio: "xMidYMid slice" }, box);
  const byCountry = {};
  for (const p of places) if (p.country) byCountry[p.country] = (byCountry[p.country] || 0) + p.events;
  const maxC = Math.max(1, ...Object.values(byCountry));
  svg("rect", { x: -180, y: -90, width: 360, height: 180, class: "sea" }, root);
  for (const c of state.world.countries) {
    const n = byCountry[c.iso] || 0;
    const path = svg("path", { d: c.d, class: n ? "land hot" : "land", "data-iso": c.iso,
      style: n ? `fill-opacity:${(0.25 + 0.6 * Math.sqrt(n / maxC)).toFixed(2)}` : null,
      onclick: () => setFilters({ place_country: c.iso, place: null }) }, root);
    tip(path, `${c.name}${n ? ": " + fmt(n) + " events placed here" : ""}`);
  }
  const maxN = Math.max(1, ...places.map((p) => p.events));
  const sorted = [...places].sort((a, b) => b.events - a.events);
  for (const p of sorted) {
    const r = vb[2] * (0.006 + 0.028 * Math.sqrt(p.events / maxN));
    const dot = svg("circle", { cx: p.lon, cy: -p.lat, r, class: "point", fill: goldColor(p.goldstein),
      onclick: () => setFilters({ place: p.name, place_country: p.country }) }, root);
    tip(dot, `${p.name || "?"} (${p.country || "?"}): ${fmt(p.events)} events, ${fmt(p.mentions)} mentions, ` +
      `mean Goldstein ${fmt(p.goldstein, 1)}\nclick to filter by this place`);
  }
  if (!places.length) box.append(el("p", { class: "empty overlaytext" }, "No placed events for these filters."));
}

// -- actors ---------------------------------------------------------------------------
async function loadActors() {
  const data = await api("/api/actors", { ...state.filters, limit: 14 });
  const box = $("actors");
  box.replaceChildren();
  if (!data.actors.length) { box.append(el("p", { class: "empty" }, "No coded actors.")); return; }
  const max = data.actors[0].events;
  for (const a of data.actors) {
    box.append(el("button", { class: "actor", type: "button", title: `${a.as_source} as source, ${a.as_target} as target; click to filter`,
      onclick: () => setFilters({ actor: a.code }) },
      el("span", { class: "aname" }, a.name || a.code, " ", el("span", { class: "code" }, a.code)),
      el("span", { class: "abar" }, el("i", { style: `width:${(100 * a.events / max).toFixed(1)}%;background:${goldColor(a.goldstein)}` })),
      el("span", { class: "anum" }, fmt(a.events))));
  }
}

// -- network --------------------------------------------------------------------------
async function loadNetwork() {
  const data = await api("/api/network", { ...state.filters, limit: 60 });
  drawNetwork(data);
}

function drawNetwork(data) {
  const box = $("network");
  box.replaceChildren();
  if (!data.edges.length) { box.append(el("p", { class: "empty" }, "No dyads for these filters.")); return; }
  const nodes = [...data.nodes].sort((a, b) => b.events - a.events).slice(0, 22);
  nodes.sort((a, b) => (a.country || "~").localeCompare(b.country || "~") || a.code.localeCompare(b.code));
  const W = 500, H = 360, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 52;
  const pos = {};
  nodes.forEach((n, i) => {
    const a = -Math.PI / 2 + 2 * Math.PI * i / nodes.length;
    pos[n.code] = { x: cx + R * Math.cos(a), y: cy + R * Math.sin(a), a, n };
  });
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "network" }, box);
  const defs = svg("defs", {}, root);
  const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, defs);
  svg("path", { d: "M0,0L10,5L0,10z", fill: "#6b7683" }, marker);
  const edges = data.edges.filter((e) => pos[e.source] && pos[e.target]);
  const maxE = Math.max(...edges.map((e) => e.events));
  const maxD = Math.max(...nodes.map((n) => n.events));
  const radius = (n) => 4 + 9 * Math.sqrt(n.events / maxD);
  for (const e of [...edges].sort((a, b) => a.events - b.events)) {
    const s = pos[e.source], t = pos[e.target];
    // curve toward the centre; the two directions of a dyad bend apart
    const mx = (s.x + t.x) / 2, my = (s.y + t.y) / 2;
    const dx = t.x - s.x, dy = t.y - s.y, len = Math.hypot(dx, dy) || 1;
    const bend = 0.18 * len;
    const qx = mx - dy / len * bend, qy = my + dx / len * bend;
    const rt = radius(t.n) + 2;
    const ex = t.x - (t.x - qx) / Math.hypot(t.x - qx, t.y - qy) * rt, ey = t.y - (t.y - qy) / Math.hypot(t.x - qx, t.y - qy) * rt;
    const path = svg("path", { d: `M${s.x},${s.y}Q${qx},${qy} ${ex},${ey}`, class: "edge",
      stroke: goldColor(e.goldstein), "stroke-width": (1 + 5 * Math.sqrt(e.events / maxE)).toFixed(2),
      "marker-end": "url(#arrow)", onclick: () => setFilters({ source: e.source, target: e.target, actor: null }) }, root);
    tip(path, `${e.source} → ${e.target}: ${fmt(e.events)} events (${e.cooperation} cooperative, ${e.conflict} conflictual), ` +
      `mean Goldstein ${fmt(e.goldstein, 1)}\nclick to filter`);
  }
  for (const p of Object.values(pos)) {
    const g = svg("g", { class: "node", onclick: () => setFilters({ actor: p.n.code, source: null, target: null }) }, root);
    svg("circle", { cx: p.x, cy: p.y, r: radius(p.n) }, g);
    const right = Math.cos(p.a) >= 0;
    const lx = p.x + Math.cos(p.a) * (radius(p.n) + 5), ly = p.y + Math.sin(p.a) * (radius(p.n) + 5) + 4;
    svg("text", { x: lx, y: ly, "text-anchor": Math.abs(Math.cos(p.a)) < 0.2 ? "middle" : right ? "start" : "end" }, g).textContent = p.n.code;
    tip(g, `${p.n.name || p.n.code} (${p.n.code}): ${fmt(p.n.events)} events in these dyads\nclick to filter`);
  }
}

// -- events table ---------------------------------------------------------------------
async function loadEvents(reset) {
  if (reset) state.cursor = null;
  const data = await api("/api/events", { ...state.filters, sort: state.sort, limit: PAGE, cursor: state.cursor });
  const body = $("events").tBodies[0];
  if (reset) body.replaceChildren();
  for (const e of data.events) body.append(eventRow(e));
  state.cursor = data.next_cursor;
  $("more").hidden = !data.next_cursor;
  const shown = body.querySelectorAll("tr.ev").length;
  $("table-note").textContent = `${fmt(shown)} shown${data.next_cursor ? ", more below" : ""} · sorted by ${state.sort.replace(/^-/, "")} ${state.sort.startsWith("-") ? "↓" : "↑"} · click a row for its evidence`;
  if (reset && !data.events.length) body.append(el("tr", {}, el("td", { colspan: 8, class: "empty" }, "No events for these filters.")));
  for (const th of $("events").tHead.querySelectorAll("th[data-sort]")) {
    th.classList.toggle("sorted", state.sort.replace(/^-/, "") === th.dataset.sort);
  }
}

function snippet(e) {
  const span = el("span", { class: "snip" });
  if (!e.text) return span;
  const hl = [];
  if (e.trigger_start != null && e.start_char != null) {
    hl.push({ kind: "trigger", start: e.trigger_start - e.start_char, end: e.trigger_end - e.start_char, label: e.trigger });
  }
  span.append(marked(e.text, hl));
  return span;
}

function eventRow(e) {
  const q = QUAD[e.quad_class];
  const tr = el("tr", { class: "ev", tabindex: 0, "data-id": e.id },
    el("td", { class: "nowrap", title: e.date_precision ? `precision: ${e.date_precision}` : null }, e.date || "–"),
    el("td", {}, actorLabel(e.source_name, e.source_text, e.source_code)),
    el("td", {}, el("span", { class: "evcode", style: `background:${q ? q.color : "#9aa3ad"}`, title: q ? q.name : "" }, e.code),
      " ", e.name || "", e.modality && e.modality !== "asserted" ? el("span", { class: "mode" }, e.modality) : null),
    el("td", {}, actorLabel(e.target_name, e.target_text, e.target_code)),
    el("td", {}, e.place_name ? [e.place_name, " ", el("span", { class: "code" }, e.place_country || "")] : "–"),
    el("td", { class: "num" }, el("span", { class: "gold", style: `background:${goldColor(e.goldstein)}` }, fmt(e.goldstein, 1))),
    el("td", { class: "num" }, fmt(e.mentions)),
    el("td", { class: "evidence" }, snippet(e)));
  const toggle = () => toggleDetail(tr, e);
  tr.addEventListener("click", toggle);
  tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") toggle(); });
  return tr;
}

async function toggleDetail(tr, e) {
  const next = tr.nextElementSibling;
  if (next && next.classList.contains("detail")) { next.remove(); tr.classList.remove("open"); return; }
  tr.classList.add("open");
  const cell = el("td", { colspan: 8 }, el("p", { class: "empty" }, "Loading evidence…"));
  const row = el("tr", { class: "detail" }, cell);
  tr.after(row);
  try {
    const ev = await api(`/api/events/${encodeURIComponent(e.id)}`);
    cell.replaceChildren(eventDetail(ev));
  } catch (err) {
    cell.replaceChildren(el("p", { class: "error" }, String(err.message || err)));
  }
}

function eventDetail(ev) {
  const q = QUAD[ev.quad_class];
  const place = ev.place_name
    ? [ev.place_name, ev.place_admin1 ? `, ${ev.place_admin1}` : "", ev.place_country ? ` (${ev.place_country})` : "",
      ev.lat != null ? el("small", {}, ` ${fmt(ev.lat, 2)}, ${fmt(ev.lon, 2)}`) : null]
    : ["not placed"];
  const wrap = el("div", { class: "detailbox" },
    el("div", { class: "facts" },
      el("div", {}, el("label", {}, "Event"), el("span", { class: "evcode", style: `background:${q ? q.color : "#9aa3ad"}` }, ev.code), ` ${ev.name || ""}`,
        ev.plover_event ? el("small", {}, ` PLOVER ${ev.plover_event}`) : null),
      el("div", {}, el("label", {}, "Date"), ev.date || "unknown", ev.date_precision ? el("small", {}, ` (${ev.date_precision})`) : null),
      el("div", {}, el("label", {}, "Place"), ...place),
      el("div", {}, el("label", {}, "Mentions"), `${fmt(ev.mentions)} in ${fmt(ev.articles)} article(s) from ${fmt(ev.sources)} source(s)`),
      el("div", {}, el("label", {}, "Goldstein"), el("span", { class: "gold", style: `background:${goldColor(ev.goldstein)}` }, fmt(ev.goldstein, 1)),
        el("small", {}, ` ${q ? q.name : ""}`))),
    el("div", { class: "hlkey" }, el("mark", { class: "k-source" }, "source"), " ", el("mark", { class: "k-target" }, "target"), " ",
      el("mark", { class: "k-trigger" }, "trigger"), " ", el("mark", { class: "k-reported_by" }, "reported by")));
  for (const m of ev.evidence) {
    wrap.append(el("div", { class: "mention" },
      el("blockquote", { class: "sentence" }, marked(m.text || "", m.highlights)),
      el("div", { class: "meta" },
        el("a", { href: "#", class: "artlink", onclick: (x) => { x.preventDefault(); openArticle(m.article_id, m.id); } },
          m.article_title || m.article_id),
        m.published ? ` · published ${m.published}` : "",
        m.source_domain ? ` · ${m.source_domain}` : "",
        m.modality && m.modality !== "asserted" ? el("span", { class: "mode" }, m.modality) : null,
        el("small", {}, ` · rule ${m.rule || "?"} · confidence ${fmt(m.confidence, 2)}`),
        originalLink(m.url))));
  }
  return wrap;
}

// Text with spans marked: overlapping spans split the text into segments, each carrying the
// classes of every span over it (an entity inside a quote is both).
function marked(text, spans) {
  const frag = document.createDocumentFragment();
  const ok = (spans || []).filter((s) => s.start != null && s.end != null && s.start < s.end && s.start >= 0 && s.end <= text.length);
  const cuts = new Set([0, text.length]);
  for (const s of ok) { cuts.add(s.start); cuts.add(s.end); }
  const pts = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < pts.length - 1; i++) {
    const a = pts[i], b = pts[i + 1];
    const on = ok.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!on.length) { frag.append(piece); continue; }
    const kinds = [...new Set(on.map((s) => s.kind))];
    frag.append(el("mark", { class: kinds.map((k) => "k-" + k).join(" "),
      title: on.map((s) => s.kind + (s.label ? `: ${s.label}` : "")).join("\n") }, piece));
  }
  return frag;
}

// -- article view ---------------------------------------------------------------------
async function openArticle(id, focusMention) {
  const body = $("sheet-body");
  body.replaceChildren(el("p", { class: "empty" }, "Loading article…"));
  $("overlay").hidden = false;
  document.body.classList.add("modal");
  try {
    const a = await api(`/api/articles/${encodeURIComponent(id)}`);
    const kinds = ["actor", "trigger", "entity", "place", "date", "quote", "count"];
    const counts = Object.fromEntries(kinds.map((k) => [k, a.annotations.filter((x) => x.kind === k).length]));
    const text = el("div", { class: "articletext" }, marked(a.text, a.annotations));
    body.replaceChildren(
      el("h3", {}, a.title || "(untitled)"),
      el("div", { class: "meta" }, a.published || "undated", a.source ? ` · ${a.source}` : "",
        originalLink(a.url),
        ` · ${a.events.length} events · tone ${fmt(a.tone && a.tone.score, 2)}`),
      el("div", { class: "hlkey" }, ...kinds.map((k) => el("mark", { class: "k-" + k }, `${k} ${counts[k]}`))),
      text,
      a.events.length ? el("h4", {}, "Events coded in this article") : null,
      el("ul", { class: "artevents" }, ...a.events.map((e) => el("li", { class: e.id === focusMention ? "focus" : null },
        el("span", { class: "evcode", style: `background:${QUAD[e.quad_class] ? QUAD[e.quad_class].color : "#9aa3ad"}` }, e.code), " ",
        (e.source[0] && (e.source[0].name || e.source[0].text)) || "—", " → ",
        (e.target[0] && (e.target[0].name || e.target[0].text)) || "—", " · ",
        el("i", {}, e.text)))),
      a.removed && a.removed.length ? el("details", {}, el("summary", {}, `${a.removed.length} boilerplate passages removed`),
        ...a.removed.map((r) => el("p", { class: "removed" }, r))) : null);
  } catch (err) {
    body.replaceChildren(el("p", { class: "error" }, String(err.message || err)));
  }
}

function closeSheet() { $("overlay").hidden = true; document.body.classList.remove("modal"); }

// -- wiring ---------------------------------------------------------------------------
async function refresh() {
  renderChips();
  syncForm();
  showError(null);
  const jobs = [loadTimeline(), loadActors(), loadMap(), loadNetwork(), loadEvents(true)];
  const results = await Promise.allSettled(jobs);
  // the actors card sets the row's height only once filled: fit the timeline to it
  if (state.timeline) drawTimeline(...state.timeline);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) showError(failed.reason);
  document.body.dataset.ready = "1";
}

function init() {
  legend();
  $("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const patch = {};
    for (const k of FILTER_KEYS) if ($("filters").elements[k]) patch[k] = $("filters").elements[k].value.trim();
    for (const k of ["country", "place_country", "actor", "source", "target"]) if (patch[k]) patch[k] = patch[k].toUpperCase();
    setFilters(patch);
  });
  $("clear").addEventListener("click", () => { state.filters = {}; state.sort = "-date"; writeHash(); });
  $("more").addEventListener("click", () => loadEvents(false).catch(showError));
  for (const th of $("events").tHead.querySelectorAll("th[data-sort]")) {
    th.addEventListener("click", () => {
      const k = th.dataset.sort;
      state.sort = state.sort === "-" + k ? k : "-" + k;
      writeHash();
    });
  }
  $("close").addEventListener("click", closeSheet);
  $("overlay").addEventListener("click", (ev) => { if (ev.target === $("overlay")) closeSheet(); });
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closeSheet(); });
  window.addEventListener("hashchange", () => { readHash(); refresh(); });
  let resize = null;
  window.addEventListener("resize", () => { clearTimeout(resize); resize = setTimeout(() => { if (state.timeline) drawTimeline(...state.timeline); }, 200); });
  readHash();
  loadHealth().catch(showError).finally(refresh);
}

if (typeof document !== "undefined" && typeof window !== "undefined") init();
// for the unit tests (tests/api/test_security.py), which run this file in Node
if (typeof module !== "undefined") module.exports = { safeUrl, originalLink, el };
