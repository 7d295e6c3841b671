// dashboard.js - the district dashboards (/dashboard). One page, five views chosen by the
// `view` URL parameter; every filter (view, test, basis, year, school, grade, group, by,
// level) lives in the query string, so a view can be bookmarked or shared, and back and
// forward work. The numbers come from /api/analytics/* (src/api/analytics.c); each chart
// has a visible caption, a text alternative and an HTML table with the same numbers, and
// "Export CSV" writes that table exactly as shown (including the `*` of suppressed cells).
//
// Charts: Chart.js 4 (MIT), copied by the build from web/node_modules (npm ci of
// web/package-lock.json) into the binary as /static/vendor/chart.umd.min.js; no CDN.
// Why Chart.js rather than the others measured in analytics-anchors.md §4.7:
//  - size: 205 KB minified / 69 KB gzip, with bar, stacked and grouped charts built in;
//    Observable Plot needs d3 too (~156 KB gzip), ECharts' smallest build is ~164 KB gzip,
//    Vega + Vega-Lite ~272 KB; uPlot (21 KB) is for time series and has no stacked bars;
//  - the strict CSP (script-src/style-src 'self'): Chart.js draws on a canvas and only
//    sets styles through the CSSOM; it needs no eval (Vega's expressions do) and writes no
//    <style> element (Plot's SVG carries one, which style-src 'self' blocks);
//  - accessibility: a canvas is opaque to screen readers, so every chart here gets
//    role="img", an aria-label summing it up, fallback text, and the data table beside it
//    (the table is also what keyboard users click: its counts open the student lists);
//  - it is widely used and maintained, MIT licensed, one file, no dependencies at run time.
// Colours: a blue/orange diverging scale (ColorBrewer RdBu/PuOr ends, colour-blind safe),
// always in the same order (lowest level orange .. highest level blue); the two lower
// levels also carry a pattern (stripes, dots) and every segment wide enough is labelled
// with its percent, so no meaning rests on colour alone.
"use strict";
(() => {
  const STAR = "*";
  const VIEWS = {
    overview: { title: "Overview", filters: ["basis", "year", "school"] },
    results: { title: "Results", filters: ["test", "by", "basis", "year", "school", "grade", "group"] },
    dfs: { title: "Distance from Standard", filters: ["test", "basis", "year", "school", "grade"] },
    cohort: { title: "Cohort", filters: ["test", "basis", "year", "school", "group"] },
    roster: { title: "Students", filters: ["test", "basis", "year", "school", "grade", "group", "level"] },
  };
  const PARAMS = ["view", "test", "basis", "year", "school", "grade", "group", "by", "level"];
  const LEVEL_COLOURS = ["#b35806", "#fdb863", "#92c5de", "#2166ac"]; // low .. high
  const AREA_COLOURS = ["#b35806", "#d9d9d9", "#2166ac"]; // below, near, above
  const YEAR_COLOURS = ["#c6dbef", "#6baed6", "#08519c"]; // oldest .. newest
  const DARK_TEXT = "#1b1f24";
  const nf = new Intl.NumberFormat("en-US");

  let meta = null; // GET /api/analytics/meta
  let charts = []; // live Chart instances of the view shown
  let pending = []; // charts to draw once their canvas is in the document
  let generation = 0; // drops the answers of a view that is no longer wanted

  // --- small DOM helpers --------------------------------------------------------------

  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids.flat(Infinity)) if (kid != null && kid !== false) el.append(kid);
    return el;
  }
  const count = (v, hidden) => (v == null ? (hidden ? STAR : "—") : nf.format(v));
  const pct = (v) => (v == null ? "—" : v.toFixed(1) + "%");
  const signed = (v, unit) => (v == null ? "—" : (v > 0 ? "+" : "") + v.toFixed(1) + (unit || ""));
  const yearLabel = (y) => `${y - 1}–${String(y).slice(2)}`;
  const gradeLabel = (g) => (g === "13" ? "All grades" : g === "KN" ? "Kindergarten" : `Grade ${Number(g)}`);
  const short = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

  // "33.0% (137)": a percent with its count; the count opens the roster when href is given
  function pctCount(cp, hidden, href, what) {
    if (cp == null) return hidden ? STAR : "—";
    if (cp.count === 0 && cp.pct == null) return "—";
    const text = `${pct(cp.pct)} (${nf.format(cp.count)})`;
    return href && cp.count > 0 ? h("a", { href, class: "roster-link", title: `List the ${what}` }, text) : text;
  }
  function countLink(v, hidden, href, what) {
    const text = count(v, hidden);
    return href && v > 0 ? h("a", { href, class: "roster-link", title: `List the ${what}` }, text) : text;
  }

  // --- URL state ----------------------------------------------------------------------

  function testsFor(view) {
    const loaded = meta.tests.filter((t) => t.loaded);
    return view === "dfs" ? loaded.filter((t) => t.dfs) : loaded;
  }
  function yearsFor(s) {
    if (s.view === "overview") {
      const all = new Set();
      for (const t of testsFor("overview")) for (const y of t.years[s.basis] || []) all.add(y);
      return [...all].sort();
    }
    const t = meta.tests.find((x) => x.test === s.test);
    return t ? t.years[s.basis] || [] : [];
  }
  // The state the URL asks for, with every missing or unusable value replaced by its default.
  function readState() {
    const q = new URLSearchParams(location.search);
    const s = {};
    for (const k of PARAMS) s[k] = q.get(k) || "";
    if (!VIEWS[s.view]) s.view = "overview";
    if (s.basis !== "enrolled") s.basis = "tested";
    if (!["grade", "school", "group"].includes(s.by)) s.by = "grade";
    if (!/^(KN|0[1-9]|1[0-3])$/.test(s.grade)) s.grade = "13";
    if (!meta.groups.some((g) => String(g.id) === s.group)) s.group = "1";
    const tests = testsFor(s.view);
    if (!tests.some((t) => t.test === s.test)) s.test = tests.length ? tests[0].test : "";
    const years = yearsFor(s);
    if (!years.includes(Number(s.year))) s.year = s.view === "overview" || !years.length ? "" : String(years[years.length - 1]);
    if (!meta.schools.some((x) => x.code === s.school)) s.school = meta.whole_lea || !meta.schools.length ? "" : meta.schools[0].code;
    if (!/^[0-4]$/.test(s.level)) s.level = "0";
    return s;
  }
  // The query string of a state: only what its view uses, and nothing that is a default.
  function query(s) {
    const keep = ["view", ...VIEWS[s.view].filters];
    const q = new URLSearchParams();
    for (const k of keep) {
      const v = s[k];
      if (v === "" || (k === "grade" && v === "13") || (k === "group" && v === "1") || (k === "level" && v === "0") ||
          (k === "basis" && v === "tested") || (k === "by" && v === "grade")) continue;
      q.set(k, v);
    }
    return "?" + q.toString();
  }
  const hrefFor = (s, changes) => "/dashboard" + query({ ...s, ...changes });
  function go(href) {
    history.pushState({ app: true }, "", href);
    render();
  }
  // In-page links (views, roster counts) change the URL without reloading the page.
  document.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest("a[href^='/dashboard?'], a[href^='?']");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go(a.getAttribute("href"));
  });
  window.addEventListener("popstate", () => render());

  // --- API ----------------------------------------------------------------------------

  async function api(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== "" && v != null) q.set(k, v);
    const url = `/api/analytics/${path}?${q}`;
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (r.status === 401) {
      location.assign("/login");
      throw new Error("signed out");
    }
    let body = null;
    try { body = await r.json(); } catch { body = null; }
    return { status: r.status, body, url };
  }
  function apiParams(s, keys) {
    const p = {};
    for (const k of keys) if (s[k] !== "" && !(k === "level" && s[k] === "0")) p[k] = s[k];
    return p;
  }
  const failure = (res, what) =>
    `Could not load ${what}: ${(res.body && res.body.error) || "HTTP " + res.status}.`;

  // --- filters ------------------------------------------------------------------------

  function select(name, label, options, value) {
    const id = "f-" + name;
    const sel = h("select", { id, name });
    for (const o of options) {
      if (o.group) {
        const og = h("optgroup", { label: o.group });
        for (const x of o.options) og.append(h("option", { value: x.value }, x.text));
        sel.append(og);
      } else sel.append(h("option", { value: o.value }, o.text));
    }
    sel.value = value;
    return h("div", { class: "filter" }, h("label", { for: id }, label), sel);
  }
  function drawFilters(s) {
    const form = document.getElementById("filters");
    form.replaceChildren();
    const want = VIEWS[s.view].filters.filter((f) => !(s.view === "results" && f === s.by && f !== "school"));
    const t = meta.tests.find((x) => x.test === s.test);
    for (const f of want) {
      if (f === "test") {
        const opts = testsFor(s.view).map((x) => ({ value: x.test, text: x.name }));
        if (opts.length) form.append(select("test", "Test", opts, s.test));
      } else if (f === "by") {
        form.append(select("by", "Rows by", [
          { value: "grade", text: "Grade" }, { value: "school", text: "School" }, { value: "group", text: "Student group" }], s.by));
      } else if (f === "basis") {
        form.append(select("basis", "Report type", [
          { value: "tested", text: "Tested (as the state reports)" }, { value: "enrolled", text: "Enrolled (students now)" }], s.basis));
      } else if (f === "year") {
        const ys = yearsFor(s).slice().reverse().map((y) => ({ value: String(y), text: yearLabel(y) }));
        if (s.view === "overview") ys.unshift({ value: "", text: "Latest of each test" });
        form.append(select("year", s.view === "results" || s.view === "cohort" ? "Newest year" : "Year", ys, s.year));
      } else if (f === "school") {
        const opts = meta.schools.map((x) => ({ value: x.code, text: x.label }));
        if (meta.whole_lea) opts.unshift({ value: "", text: "All schools (LEA)" });
        if (opts.length > 1) form.append(select("school", "School", opts, s.school));
      } else if (f === "grade") {
        const opts = ["13", "KN", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];
        form.append(select("grade", "Grade", opts.map((g) => ({ value: g, text: gradeLabel(g) })), s.grade));
      } else if (f === "group") {
        const cats = [];
        for (const g of meta.groups) {
          let c = cats.find((x) => x.group === g.category);
          if (!c) cats.push((c = { group: g.category, options: [] }));
          c.options.push({ value: String(g.id), text: g.name });
        }
        form.append(select("group", "Student group", cats, s.group));
      } else if (f === "level" && t) {
        const opts = [{ value: "0", text: "Every level" }, ...t.levels.map((n, i) => ({ value: String(i + 1), text: n }))];
        form.append(select("level", "Level", opts, s.level));
      }
    }
  }
  document.getElementById("filters").addEventListener("change", (e) => {
    const s = readState();
    go(hrefFor(s, { [e.target.name]: e.target.value }));
  });
  document.getElementById("filters").addEventListener("submit", (e) => e.preventDefault());

  // --- charts -------------------------------------------------------------------------

  // Stripes and dots for the two lower levels, so a greyscale print still tells them apart.
  function pattern(colour, kind) {
    if (!kind) return colour;
    const c = document.createElement("canvas");
    c.width = c.height = 8;
    const x = c.getContext("2d");
    x.fillStyle = colour;
    x.fillRect(0, 0, 8, 8);
    x.fillStyle = x.strokeStyle = kind === "stripes" ? "rgba(255,255,255,0.35)" : "rgba(0,0,0,0.22)";
    if (kind === "stripes") {
      x.lineWidth = 2;
      x.beginPath();
      x.moveTo(0, 8); x.lineTo(8, 0); x.moveTo(-2, 2); x.lineTo(2, -2); x.moveTo(6, 10); x.lineTo(10, 6);
      x.stroke();
    } else {
      x.beginPath();
      x.arc(4, 4, 1.2, 0, 2 * Math.PI);
      x.fill();
    }
    return x.createPattern(c, "repeat");
  }
  const PATTERNS = ["stripes", "dots"];
  const isDark = (hex) => {
    const n = parseInt(hex.slice(1), 16);
    return 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255) < 140;
  };

  // Writes each dataset's labels[] on its bars: centred in a stacked segment when it fits,
  // else after the end of a plain bar.
  const directLabels = {
    id: "directLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const horizontal = chart.options.indexAxis === "y";
      const stacked = chart.options.scales.x.stacked;
      ctx.save();
      ctx.font = "12px system-ui, sans-serif";
      chart.data.datasets.forEach((ds, i) => {
        const m = chart.getDatasetMeta(i);
        if (!ds.labels || m.hidden) return;
        m.data.forEach((el, j) => {
          const text = ds.labels[j];
          if (!text) return;
          const { x, y, base } = el.getProps(["x", "y", "base"], true);
          const w = ctx.measureText(text).width;
          if (stacked) {
            if (Math.abs(x - base) < w + 6) return;
            ctx.fillStyle = ds.textColour || DARK_TEXT;
            ctx.textAlign = "center";
            ctx.textBaseline = "middle";
            ctx.fillText(text, (x + base) / 2, y);
          } else if (horizontal) {
            ctx.fillStyle = DARK_TEXT;
            ctx.textBaseline = "middle";
            ctx.textAlign = x >= base ? "left" : "right";
            ctx.fillText(text, x + (x >= base ? 4 : -4), y);
          } else {
            ctx.fillStyle = DARK_TEXT;
            ctx.textAlign = "center";
            ctx.textBaseline = "bottom";
            ctx.fillText(text, x, y - 2);
          }
        });
      });
      ctx.restore();
    },
  };
  const tooltipCount = {
    label(item) {
      const ds = item.dataset;
      const n = ds.counts ? ds.counts[item.dataIndex] : null;
      const v = item.parsed[item.chart.options.indexAxis === "y" ? "x" : "y"];
      return `${ds.label}: ${ds.format ? ds.format(v) : v}${n != null ? ` (${nf.format(n)} students)` : ""}`;
    },
  };
  function baseOptions(horizontal) {
    return {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      devicePixelRatio: Math.max(2, window.devicePixelRatio || 1), // sharp when printed
      plugins: { legend: { position: "top", labels: { color: DARK_TEXT } }, tooltip: { callbacks: tooltipCount } },
      onClick(evt, els, chart) {
        const el = els[0];
        const href = el && chart.data.datasets[el.datasetIndex].hrefs?.[el.index];
        if (href) go(href);
      },
      onHover(evt, els, chart) {
        const el = els[0];
        const href = el && chart.data.datasets[el.datasetIndex].hrefs?.[el.index];
        chart.canvas.style.cursor = href ? "pointer" : "default";
      },
    };
  }
  // 100% stacked horizontal bars. bars: [{label, dist: [{count,pct}] or null, hrefs}]
  function stackedChart(bars, names, colours) {
    const datasets = names.map((name, i) => ({
      label: name,
      data: bars.map((b) => (b.dist ? b.dist[i].pct || 0 : null)),
      counts: bars.map((b) => (b.dist ? b.dist[i].count : null)),
      labels: bars.map((b) => (b.dist && b.dist[i].pct >= 4 ? Math.round(b.dist[i].pct) + "%" : "")),
      hrefs: bars.map((b) => (b.hrefs ? b.hrefs[i] : null)),
      format: (v) => v.toFixed(1) + "%",
      backgroundColor: pattern(colours[i], PATTERNS[i]),
      borderColor: "#ffffff",
      borderWidth: 1,
      textColour: isDark(colours[i]) ? "#ffffff" : DARK_TEXT,
    }));
    const options = baseOptions(true);
    options.scales = {
      x: { stacked: true, min: 0, max: 100, ticks: { callback: (v) => v + "%", color: DARK_TEXT } },
      y: { stacked: true, ticks: { color: DARK_TEXT, autoSkip: false } },
    };
    return { config: { type: "bar", data: { labels: bars.map((b) => b.label), datasets }, options, plugins: [directLabels] },
      height: 70 + bars.length * 24 };
  }
  // Plain (grouped) bars. series: [{label, data, colour, counts?, pattern?}]
  function barChart(labels, series, { horizontal, format, tick, min, max, title }) {
    const datasets = series.map((s) => ({
      label: s.label,
      data: s.data,
      counts: s.counts,
      hrefs: s.hrefs,
      labels: s.data.map((v) => (v == null ? "" : format(v))),
      format,
      backgroundColor: s.colours || pattern(s.colour, s.pattern),
      borderColor: s.border || "#ffffff",
      borderWidth: 1,
    }));
    const options = baseOptions(horizontal);
    const value = { min, max, ticks: { color: DARK_TEXT, callback: tick || format }, title: title ? { display: true, text: title, color: DARK_TEXT } : undefined };
    const cat = { ticks: { color: DARK_TEXT, autoSkip: false } };
    options.scales = horizontal ? { x: value, y: cat } : { x: cat, y: value };
    options.layout = { padding: horizontal ? { right: 48 } : { top: 18 } };
    if (series.length === 1) options.plugins.legend.display = false;
    const n = labels.length * (horizontal ? series.length : 1);
    return { config: { type: "bar", data: { labels, datasets }, options, plugins: [directLabels] },
      height: horizontal ? 60 + n * 20 + labels.length * 6 : 320 };
  }

  // --- figures and tables -------------------------------------------------------------

  // A table: head is one or two rows of header cells (string or {text, colspan}); each body
  // row's first cell is its row header. Cells are strings or nodes; {node, cls} for a class.
  function table(id, caption, head, rows) {
    const thead = h("thead", {}, head.map((row, r) => h("tr", {}, row.map((c) => {
      const cell = typeof c === "string" ? { text: c } : c;
      return h("th", { scope: cell.colspan ? "colgroup" : "col", colspan: cell.colspan, class: r === 0 && head.length > 1 && !cell.colspan ? "blank" : null }, cell.text);
    }))));
    const tbody = h("tbody", {}, rows.map((row) => h("tr", { class: row.cls }, (row.cells || row).map((c, i) => {
      const cell = c != null && typeof c === "object" && !(c instanceof Node) ? c : { node: c };
      return i === 0 ? h("th", { scope: "row", class: cell.cls }, cell.node) : h("td", { class: cell.cls || "num" }, cell.node);
    }))));
    const t = h("table", { id, class: "data" }, h("caption", {}, caption), thead, tbody);
    const exportBtn = h("button", { type: "button", class: "export", "aria-describedby": id + "-cap" }, "Export CSV");
    exportBtn.addEventListener("click", () => downloadCsv(t, id));
    t.querySelector("caption").id = id + "-cap";
    return h("div", { class: "table-block" },
      h("div", { class: "table-tools" }, exportBtn),
      h("div", { class: "table-wrap", role: "region", tabindex: "0", "aria-labelledby": id + "-cap" }, t));
  }
  // A section with a heading, the chart (caption, text alternative) and its table.
  function figure({ id, title, caption, alt, chart, tableCaption, head, rows, intro }) {
    const sec = h("section", { class: "fig", id, "aria-labelledby": id + "-h" }, h("h2", { id: id + "-h" }, title));
    if (intro) sec.append(h("p", { class: "intro" }, intro));
    if (chart) {
      const canvas = h("canvas", { role: "img", "aria-label": alt }, alt);
      const box = h("div", { class: "chart-box" }, canvas);
      box.style.height = chart.height + "px";
      sec.append(h("figure", { class: "chart" }, h("figcaption", {}, caption), box));
      pending.push({ canvas, config: chart.config });
    }
    sec.append(table(id + "-table", tableCaption || `${title}: the numbers`, head, rows));
    return sec;
  }
  function csvCell(s) {
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }
  function downloadCsv(t, id) {
    const lines = [];
    let star = false;
    for (const tr of t.querySelectorAll("tr")) {
      const cells = [];
      for (const c of tr.cells) {
        const text = c.textContent.replace(/\s+/g, " ").trim();
        if (text.includes(STAR)) star = true;
        cells.push(csvCell(text));
        for (let k = 1; k < c.colSpan; k++) cells.push("");
      }
      lines.push(cells.join(","));
    }
    if (star) lines.push(csvCell(document.getElementById("note").textContent.trim()));
    const blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    const s = readState();
    const name = ["scorebridge", meta.lea, s.view, s.view === "overview" ? "" : s.test, s.year, id.replace(/-table$/, "")]
      .filter(Boolean).join("-") + ".csv";
    const a = h("a", { href: URL.createObjectURL(blob), download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }
  const message = (text, cls) => h("p", { class: "message " + (cls || "") }, text);

  // --- views --------------------------------------------------------------------------

  const testOf = (slug) => meta.tests.find((t) => t.test === slug);
  const rosterHref = (s, changes) => (meta.roster ? hrefFor(s, { view: "roster", ...changes }) : null);
  // Group names repeat across the ethnicity-by-SED categories: those get the category added.
  // compact: for chart axes (no parenthesis, SED abbreviated, at most 36 characters).
  function groupLabel(name, category, compact) {
    const m = /^Ethnicity for (Not )?Socioeconomically Disadvantaged$/.exec(category || "");
    let label = compact ? name.replace(/\s*\(.*\)$/, "") : name;
    if (m) label += compact ? (m[1] ? ", not SED" : ", SED") : `, ${m[1] ? "not " : ""}socioeconomically disadvantaged`;
    return compact ? short(label, 36) : label;
  }
  function groupName(id) {
    const g = meta.groups.find((x) => String(x.id) === String(id));
    return g ? groupLabel(g.name, g.category) : "group " + id;
  }

  async function overview(s) {
    const res = await api("overview", apiParams(s, ["basis", "year", "school"]));
    if (res.status !== 200) return [message(failure(res, "the overview"), "error")];
    const tests = res.body.tests;
    if (!tests.length) return [message("No results for these filters.")];
    const rows = tests.map((t) => {
      const c = t.current, p = t.prior;
      const hidden = c.suppressed;
      const change = c.met && p && p.met && c.met.pct != null && p.met.pct != null ? c.met.pct - p.met.pct : null;
      const link = rosterHref(s, { test: t.test, year: String(c.year), level: "0", grade: "13", group: "1" });
      return [t.name, yearLabel(c.year), count(c.enrolled, hidden), countLink(c.tested, hidden, link, `students tested in ${t.name}`),
        c.participation == null ? (hidden ? STAR : "—") : pct(c.participation),
        c.met && c.met.pct != null ? h("span", {}, pctCount(c.met, hidden), h("span", { class: "met-label" }, ` ${t.met_label}`)) : pctCount(c.met, hidden),
        p && !p.no_data ? pctCount(p.met, p.suppressed) : "—",
        change == null ? "—" : signed(Math.round(change * 100) / 100, " pp")];
    });
    const labels = tests.map((t) => t.name);
    const chart = barChart(labels, [
      { label: "Prior year", data: tests.map((t) => (t.prior && t.prior.met ? t.prior.met.pct : null)),
        counts: tests.map((t) => (t.prior && t.prior.met ? t.prior.met.count : null)), colour: YEAR_COLOURS[0], pattern: "dots" },
      { label: "Latest year", data: tests.map((t) => (t.current.met ? t.current.met.pct : null)),
        counts: tests.map((t) => (t.current.met ? t.current.met.count : null)), colour: YEAR_COLOURS[2] },
    ], { horizontal: true, format: (v) => v.toFixed(1) + "%", tick: (v) => v + "%", min: 0, max: 100 });
    const best = tests.filter((t) => t.current.met && t.current.met.pct != null);
    return [figure({
      id: "overview", title: "Every test, latest year against the year before",
      caption: "Percent of students at or above the met level (each test's own: Met or Exceeded, Understanding, Well Developed, IFEP, Level 3), latest year (dark bars) and the year before (light dotted bars).",
      alt: `Bar chart of the percent at or above the met level for ${best.length} tests: ` +
        best.map((t) => `${t.name} ${pct(t.current.met.pct)}`).join("; ") + ". The table below has every number.",
      chart,
      head: [["Test", "Latest year", "Enrolled", "Tested", "Participation", "% met (n)", "Prior year % met (n)", "Change"]],
      rows,
    }), researchFiles(s)].filter(Boolean);
  }

  // Downloads of the LEA's Smarter Balanced results in the state's public research-file
  // layout (always suppressed: made for sharing), for roles that see the whole LEA.
  function researchFiles(s) {
    const sb = meta.tests.find((t) => t.test === "sb-ela");
    const basis = s.basis || "tested";
    const years = sb && meta.whole_lea ? (sb.years[basis] || []).slice().reverse() : [];
    if (!years.length) return null;
    const id = "research";
    return h("section", { class: "fig", id, "aria-labelledby": id + "-h" },
      h("h2", { id: id + "-h" }, "Research file for sharing"),
      h("p", { class: "intro" }, "Smarter Balanced ELA and mathematics results in the layout of the state's public " +
        "research files (caret-delimited, one row per school and the LEA, per grade and all grades, per student " +
        "group). Groups of 10 or fewer students are shown as * whatever your role, so the file can be shared."),
      h("ul", {}, ...years.map((y) => h("li", {},
        h("a", { href: `/api/analytics/research?year=${y}&basis=${basis}`, download: "" },
          `${yearLabel(y)} (${basis === "tested" ? "tested students" : "enrolled students"})`)))));
  }

  // The three years of one results row as table rows and chart bars.
  function resultsRowHrefs(s, row, year, by) {
    const c = { year: String(year) };
    if (by === "grade") c.grade = row.key;
    if (by === "school") c.school = row.key || "";
    if (by === "group") c.group = String(row.key);
    return (level) => rosterHref(s, { ...c, level: String(level) });
  }
  async function results(s) {
    const res = await api("results", apiParams(s, ["test", "basis", "year", "school", "grade", "group", "by"]));
    if (res.status !== 200) return [message(failure(res, "the results"), "error")];
    const d = res.body, t = d.assessment, levels = t.levels;
    if (!d.rows.length) return [message("No results for these filters.")];
    const out = [];
    const nl = levels.length;
    const colours = nl === 3 ? [LEVEL_COLOURS[0], LEVEL_COLOURS[1], LEVEL_COLOURS[3]] : LEVEL_COLOURS;
    const bars = [], rows = [];
    const hasDfs = t.dfs;
    // the state reports no mean scale score across grades: the column only where there is one
    const hasMean = d.rows.some((r) => r.years.some((y) => y.mean_scale != null));
    for (const row of d.rows) {
      const label = d.by === "group" ? groupLabel(row.label, row.category) : row.label;
      const chartLabel = d.by === "group" ? groupLabel(row.label, row.category, true) : short(row.label, 34);
      for (const y of row.years) {
        const hidden = y.suppressed;
        const link = resultsRowHrefs(s, row, y.year, d.by);
        const what = `${label}, ${yearLabel(y.year)}`;
        bars.push({ label: `${chartLabel} · ${yearLabel(y.year)}${y.no_data ? " (no data)" : hidden && !y.levels ? " *" : ""}`,
          dist: y.levels || null, hrefs: y.levels ? levels.map((_, i) => link(i + 1)) : null });
        if (y.no_data) {
          rows.push({ cls: "nodata" + (y === row.years[0] ? " first" : ""), cells: [label, { node: yearLabel(y.year), cls: "yr" }, { node: "No data", cls: "nodata-cell" }, ...Array(nl + 4 + (hasMean ? 1 : 0) + (hasDfs ? 1 : 0)).fill("")] });
          continue;
        }
        const cells = [label, { node: yearLabel(y.year), cls: "yr" }, count(y.enrolled, hidden),
          countLink(y.tested, hidden, link(0), `students of ${what}`), y.participation == null ? (hidden ? STAR : "—") : pct(y.participation),
          count(y.valid, hidden)];
        for (let i = 0; i < nl; i++) cells.push(pctCount(y.levels ? y.levels[i] : null, hidden, link(i + 1), `${levels[i]} students of ${what}`));
        cells.push(pctCount(y.met || null, hidden));
        if (hasMean) cells.push(y.mean_scale == null ? (hidden && !y.levels ? STAR : "—") : y.mean_scale.toFixed(1));
        if (hasDfs) cells.push(y.dfs == null ? (hidden && !y.levels ? STAR : "—") : `${signed(y.dfs)} (${nf.format(y.dfs_n)})`);
        rows.push(y === row.years[0] ? { cls: "first", cells } : cells);
      }
    }
    const byName = { grade: "grade", school: "school", group: "student group" }[d.by];
    const chart = stackedChart(bars, levels, colours);
    const first = d.rows[0], last = first.years[first.years.length - 1];
    const summary = last.levels ? `${first.label} ${yearLabel(last.year)}: ` + levels.map((n, i) => `${n} ${pct(last.levels[i].pct)}`).join(", ") : "";
    out.push(figure({
      id: "levels", title: `${t.name}: ${["sb-ela", "sb-math", "cast"].includes(t.test) ? "achievement" : "performance"} levels by ${byName}`,
      caption: [`Share of students at each level, ${yearLabel(d.years[0])} to ${yearLabel(d.years[2])}, one bar per ${byName} and year (100% each). `,
        meta.roster ? h("span", { class: "screen-only" }, "Select a segment, or a count in the table, to list its students.") : ""],
      alt: `100% stacked bar chart of ${t.name} levels by ${byName} and year. ${summary}. The table below has every number.`,
      chart,
      head: [[byName[0].toUpperCase() + byName.slice(1), "Year", "Enrolled", "Tested", "Participation", "Valid scores",
        ...levels.map((n) => `${n} % (n)`), `${t.met_label} % (n)`, ...(hasMean ? ["Mean scale score"] : []), ...(hasDfs ? ["DFS (n)"] : [])]],
      rows,
    }));
    if (d.by === "grade") out.push(meanScale(d, t));
    const areas = t.claims.length ? t.claims : t.domains;
    if (areas.length) out.push(areaFigure(d, t, areas));
    if (t.composites) {
      const comp = compositeFigure(d, t);
      if (comp) out.push(comp);
    }
    return out;
  }
  function meanScale(d, t) {
    const grades = d.rows.filter((r) => r.key !== "13");
    const comp = t.composites && grades.some((r) => r.years.some((y) => y.oral_mean != null || y.written_mean != null));
    const rows = [];
    for (const r of grades)
      for (const y of r.years) {
        if (y.no_data) continue;
        const cells = [r.label, { node: yearLabel(y.year), cls: "yr" }, count(y.valid, y.suppressed),
          y.mean_scale == null ? (y.suppressed ? STAR : "—") : y.mean_scale.toFixed(1)];
        if (comp) cells.push(y.oral_mean == null ? "—" : y.oral_mean.toFixed(1), y.written_mean == null ? "—" : y.written_mean.toFixed(1));
        rows.push(cells);
      }
    const series = d.years.map((yr, i) => ({
      label: yearLabel(yr),
      data: grades.map((r) => { const y = r.years.find((x) => x.year === yr); return y && y.mean_scale != null ? y.mean_scale : null; }),
      counts: grades.map((r) => { const y = r.years.find((x) => x.year === yr); return y ? y.valid : null; }),
      colour: YEAR_COLOURS[i], pattern: i === 0 ? "dots" : null, border: "#5a6470",
    }));
    const vals = series.flatMap((x) => x.data).filter((v) => v != null);
    const chart = vals.length ? barChart(grades.map((r) => r.label), series,
      { horizontal: false, format: (v) => String(Math.round(v)), min: Math.floor((Math.min(...vals) - 60) / 50) * 50, title: "Mean scale score" }) : null;
    return figure({
      id: "mean-scale", title: `${t.name}: mean scale score by grade`,
      intro: "Each grade has its own scale, so there is no mean for all grades together.",
      caption: `Mean scale score of the students with valid scores, per grade, ${yearLabel(d.years[0])} to ${yearLabel(d.years[2])}; each bar is labelled with its value (the axis does not start at zero).`,
      alt: `Grouped bar chart of the mean scale score by grade for three years. ` +
        grades.map((r) => { const y = r.years[r.years.length - 1]; return y.mean_scale != null ? `${r.label} ${yearLabel(y.year)}: ${y.mean_scale.toFixed(1)}` : null; }).filter(Boolean).join("; ") +
        ". The table below has every number.",
      chart,
      head: [["Grade", "Year", "Valid scores", "Mean scale score", ...(comp ? ["Oral language mean", "Written language mean"] : [])]],
      rows,
    });
  }
  // Claims (Smarter Balanced) or domains (CAST, CAA Science, Summative ELPAC) of the first
  // row (all grades, the LEA, or all students), three years each.
  function areaFigure(d, t, areas) {
    const key = t.claims.length ? "claims" : "domains";
    const row = d.rows[0];
    const bars = [], rows = [];
    areas.forEach((area, a) => {
      for (const y of row.years) {
        const dist = y[key] ? y[key][a] : null;
        const empty = dist && dist.every((x) => x.count === 0);
        bars.push({ label: `${short(area, 30)} · ${yearLabel(y.year)}${empty ? " (no scores)" : ""}`, dist: empty ? null : dist });
        rows.push([area, { node: yearLabel(y.year), cls: "yr" }, ...t.area_levels.map((_, i) => (dist && !empty ? pctCount(dist[i], y.suppressed) : y.no_data || empty ? "—" : STAR))]);
      }
    });
    const noun = key === "claims" ? (t.test === "sb-math" ? "reporting categories (claims)" : "claims") : "domains";
    return figure({
      id: "areas", title: `${t.name}: ${noun}, ${row.label}`,
      caption: `Share of students ${t.area_levels.join(", ")} in each ${key === "claims" ? "claim" : "domain"}, ${yearLabel(d.years[0])} to ${yearLabel(d.years[2])}.`,
      alt: `100% stacked bar chart of ${t.name} ${noun} for ${row.label}, three years each. The table below has every number.`,
      chart: stackedChart(bars, t.area_levels, AREA_COLOURS),
      head: [[key === "claims" ? "Claim" : "Domain", "Year", ...t.area_levels.map((n) => `${n} % (n)`)]],
      rows,
    });
  }
  function compositeFigure(d, t) {
    const row = d.rows[0];
    const names = t.levels.slice(0, t.composite_levels);
    const colours = names.length === 3 ? [LEVEL_COLOURS[0], LEVEL_COLOURS[1], LEVEL_COLOURS[3]] : LEVEL_COLOURS;
    const bars = [], rows = [];
    let any = false;
    for (const [key, label] of [["oral", "Oral language"], ["written", "Written language"]])
      for (const y of row.years) {
        const dist = y[key];
        const empty = !dist || dist.every((x) => x.count === 0);
        any = any || !empty;
        bars.push({ label: `${label} · ${yearLabel(y.year)}`, dist: empty ? null : dist });
        rows.push([label, { node: yearLabel(y.year), cls: "yr" }, ...names.map((_, i) => (!empty ? pctCount(dist[i], y.suppressed) : y.suppressed && !y.no_data ? STAR : "—"))]);
      }
    if (!any) return null;
    return figure({
      id: "composites", title: `${t.name}: oral and written language, ${row.label}`,
      caption: `Share of students at each level of the oral and the written language composite, ${yearLabel(d.years[0])} to ${yearLabel(d.years[2])}.`,
      alt: `100% stacked bar chart of the ${t.name} oral and written composites for ${row.label}. The table below has every number.`,
      chart: stackedChart(bars, names, colours),
      head: [["Composite", "Year", ...names.map((n) => `${n} % (n)`)]],
      rows,
    });
  }

  const DFS_COLOURS = ["Blue", "Green", "Yellow", "Orange", "Red", "None"];
  function badge(colour) {
    const c = DFS_COLOURS.includes(colour) ? colour : "None";
    return h("span", { class: "badge badge-" + c.toLowerCase() }, c === "None" ? "No colour" : c);
  }
  async function dfs(s) {
    const res = await api("dfs", apiParams(s, ["test", "basis", "year", "school", "grade"]));
    if (res.status !== 200) return [message(failure(res, "Distance from Standard"), "error")];
    const d = res.body, t = testOf(d.test);
    if (!d.rows.length) return [message("No results for these filters.")];
    const hide = d.suppressed;
    const nCell = (x) => count(x.n, hide);
    const dfsCell = (x) => (x.dfs == null ? (hide && x.n == null ? STAR : "—") : signed(x.dfs));
    const rows = d.rows.map((r) => [groupLabel(r.name, r.category), nCell(r.prior), dfsCell(r.prior), countLink(r.current.n, hide,
      rosterHref(s, { view: "roster", group: String(r.group), level: "0" }), `${groupLabel(r.name, r.category)} students`), dfsCell(r.current),
      r.change == null ? "—" : signed(r.change), { node: r.status, cls: "txt" }, { node: r.change_name, cls: "txt" },
      { node: badge(r.colour), cls: "txt" }]);
    const shown = d.rows.filter((r) => r.current.dfs != null);
    const chart = barChart(shown.map((r) => groupLabel(r.name, r.category, true)), [{
      label: `DFS ${yearLabel(d.year)}`, data: shown.map((r) => r.current.dfs), counts: shown.map((r) => r.current.n),
      colours: shown.map((r) => pattern(r.current.dfs >= 0 ? LEVEL_COLOURS[3] : LEVEL_COLOURS[0], r.current.dfs >= 0 ? null : "stripes")),
    }], { horizontal: true, format: (v) => signed(v), title: "Points from Level 3 (Standard Met)",
      // room beyond the longest bars for their labels
      min: Math.min(0, Math.floor((Math.min(...shown.map((r) => r.current.dfs)) - 20) / 25) * 25),
      max: Math.max(0, Math.ceil((Math.max(...shown.map((r) => r.current.dfs)) + 20) / 25) * 25) });
    const all = d.rows.find((r) => r.group === 1);
    return [figure({
      id: "dfs", title: `${t ? t.name : d.test}: DFS (district calculation, estimate)`,
      intro: "Distance from Standard: the mean of each student's scale score minus the Level 3 (Standard Met) minimum of the student's grade. " +
        "This is the district's own estimate from the Student Score Data File; the California School Dashboard's figures also apply continuous-enrolment and participation rules, so they can differ. " +
        "Groups with fewer than 30 students in either year get no colour.",
      caption: `Current DFS (${yearLabel(d.year)}) by student group; bars right of zero (blue) are above Standard Met, bars left of zero (orange, striped) below it; each bar is labelled with its value.`,
      alt: `Bar chart of the current Distance from Standard for ${shown.length} student groups` +
        (all && all.current.dfs != null ? `; all students ${signed(all.current.dfs)} points` : "") + ". The table below has every number.",
      chart: shown.length ? chart : null,
      head: [["Student group", `${yearLabel(d.year - 1)} n`, `${yearLabel(d.year - 1)} DFS`, `${yearLabel(d.year)} n`, `${yearLabel(d.year)} DFS`,
        "Change", "Status", "Change level", "Colour (estimate)"]],
      rows,
    })];
  }

  async function cohort(s) {
    const res = await api("cohort", apiParams(s, ["test", "basis", "year", "school", "group"]));
    if (res.status === 404)
      return [message("The cohort view is not available on this server yet (the cohort API answered 404 Not found). No numbers are shown rather than estimates.", "unavailable")];
    if (res.status !== 200) return [message(failure(res, "the cohort"), "error")];
    const d = res.body, t = testOf(s.test);
    const rows = d.rows || [];
    if (!rows.length) return [message("No matched students for these filters.")];
    const year = Number(s.year) || (d.year ?? 0);
    const hide = !!d.suppressed;
    const levels = t.levels;
    const colours = levels.length === 3 ? [LEVEL_COLOURS[0], LEVEL_COLOURS[1], LEVEL_COLOURS[3]] : LEVEL_COLOURS;
    const bars = [], lrows = [], mrows = [];
    for (const r of rows) {
      const g = `${gradeLabel(r.prior_grade)} → ${gradeLabel(r.grade).replace("Grade ", "")}`;
      for (const [side, yr, gr] of [["prior", year - 1, r.prior_grade], ["current", year, r.grade]]) {
        const x = r[side] || {};
        bars.push({ label: `${gradeLabel(gr)} · ${yearLabel(yr)}`, dist: x.levels || null });
        lrows.push([g, { node: yearLabel(yr) + ` (${gradeLabel(gr)})`, cls: "yr" }, count(r.matched, hide),
          ...levels.map((_, i) => pctCount(x.levels ? x.levels[i] : null, hide)), pctCount(x.met || null, hide),
          x.mean_scale == null ? (hide ? STAR : "—") : x.mean_scale.toFixed(1)]);
      }
      const sg = r.same_grade || {};
      const sp = sg.prior || {}, sc = sg.current || {};
      const ch = (a, b) => (a && b && a.pct != null && b.pct != null ? signed(Math.round((b.pct - a.pct) * 100) / 100, " pp") : "—");
      mrows.push([gradeLabel(r.grade), count(r.matched, hide), pctCount(r.prior && r.prior.met, hide), pctCount(r.current && r.current.met, hide),
        ch(r.prior && r.prior.met, r.current && r.current.met),
        count(sp.valid, hide), pctCount(sp.met, hide), count(sc.valid, hide), pctCount(sc.met, hide), ch(sp.met, sc.met)]);
    }
    const grades = rows.map((r) => gradeLabel(r.grade));
    const val = (o) => (o && o.met && o.met.pct != null ? o.met.pct : null);
    const cnt = (o) => (o && o.met ? o.met.count : null);
    const compare = barChart(grades, [
      { label: `Same students, ${yearLabel(year - 1)}`, data: rows.map((r) => val(r.prior)), counts: rows.map((r) => cnt(r.prior)), colour: LEVEL_COLOURS[2], pattern: "dots" },
      { label: `Same students, ${yearLabel(year)}`, data: rows.map((r) => val(r.current)), counts: rows.map((r) => cnt(r.current)), colour: LEVEL_COLOURS[3] },
      { label: `Same grade, ${yearLabel(year - 1)}`, data: rows.map((r) => val(r.same_grade && r.same_grade.prior)), counts: rows.map((r) => cnt(r.same_grade && r.same_grade.prior)), colour: "#d9d9d9", pattern: "dots" },
      { label: `Same grade, ${yearLabel(year)}`, data: rows.map((r) => val(r.same_grade && r.same_grade.current)), counts: rows.map((r) => cnt(r.same_grade && r.same_grade.current)), colour: "#737373" },
    ], { horizontal: false, format: (v) => v.toFixed(0) + "%", tick: (v) => v + "%", min: 0, max: 100, title: `% ${t.met_label}` });
    return [
      figure({
        id: "cohort-levels", title: "Same students (matched by SSID)",
        intro: `Students with a valid ${t.name} score in both years, matched by their SSID: grade N−1 in ${yearLabel(year - 1)}, grade N in ${yearLabel(year)}.`,
        caption: `Levels of the same students last year and this year, by this year's grade.`,
        alt: `100% stacked bar chart of the levels of matched students in ${yearLabel(year - 1)} and ${yearLabel(year)}, for ${rows.length} grades. The table below has every number.`,
        chart: stackedChart(bars, levels, colours),
        head: [["Grade (last year → this year)", "Year", "Matched students", ...levels.map((n) => `${n} % (n)`), `${t.met_label} % (n)`, "Mean scale score"]],
        rows: lrows,
      }),
      figure({
        id: "cohort-compare", title: "Same students (matched by SSID) vs same grade, different students",
        intro: "The same-grade comparison puts this year's grade N beside last year's grade N: different students, as the state's own change reports do.",
        caption: `% ${t.met_label}: the matched students (blue) last year and this year, beside the same grade's students (grey) in both years.`,
        alt: `Grouped bar chart comparing % ${t.met_label} of matched students and of the same grade, ${rows.length} grades. The table below has every number.`,
        chart: compare,
        head: [
          [{ text: "" }, { text: "Same students (matched by SSID)", colspan: 4 }, { text: "Same grade, different students", colspan: 5 }],
          ["Grade (this year)", "Matched", `${yearLabel(year - 1)} % (n)`, `${yearLabel(year)} % (n)`, "Change",
            `${yearLabel(year - 1)} valid`, `${yearLabel(year - 1)} % (n)`, `${yearLabel(year)} valid`, `${yearLabel(year)} % (n)`, "Change"]],
        rows: mrows,
      }),
    ];
  }

  async function roster(s) {
    const t = testOf(s.test);
    const params = apiParams(s, ["test", "basis", "year", "school", "grade", "group", "level"]);
    const out = [];
    const back = history.state && history.state.app
      ? h("button", { type: "button", class: "back", onclick: () => history.back() }, "← Back")
      : h("a", { href: hrefFor(s, { view: "results" }), class: "back" }, "← Results");
    out.push(h("p", { class: "roster-nav" }, back));
    if (!meta.roster) return [...out, message("Your role does not give access to individual students.", "unavailable")];
    const res = await api("roster", params);
    if (res.status === 404)
      return [...out, message("Student lists are not available on this server yet (the roster API answered 404 Not found).", "unavailable")];
    if (res.status === 403) return [...out, message("You may not see the students behind these results.", "error")];
    if (res.status !== 200) return [...out, message(failure(res, "the students"), "error")];
    const d = res.body;
    const levelName = s.level !== "0" && t ? t.levels[Number(s.level) - 1] : "every level";
    const scope = [t ? t.name : s.test, yearLabel(Number(s.year)), levelName, gradeLabel(s.grade),
      s.school ? `school ${s.school}` : "all schools", groupName(s.group)].join(" · ");
    const csv = res.url + "&format=csv";
    out.push(h("section", { class: "fig", id: "roster", "aria-labelledby": "roster-h" },
      h("h2", { id: "roster-h" }, `Students: ${scope}`),
      h("p", { class: "intro" }, `${nf.format(d.count)} student${d.count === 1 ? "" : "s"}` +
        (d.truncated ? `; the first ${nf.format(d.students.length)} are listed, download the CSV for all of them.` : "."),
        " Every list shown or downloaded is recorded in the audit log."),
      h("p", {}, h("a", { href: csv, class: "button", download: "" }, "Download CSV")),
      rosterTable(d, t)));
    return out;
  }
  function rosterTable(d, t) {
    const hasDfs = d.students.some((x) => x.dfs != null);
    const hasClaims = d.students.some((x) => x.claims != null);
    const areaNames = t ? (t.claims.length ? t.claims : t.domains) : [];
    // a claim's level: 1..3 = Below / Near / Above Standard (or the test's own area names)
    const areaLevel = (v) => (v == null ? "—" : Number.isInteger(v) && t && t.area_levels[v - 1] ? t.area_levels[v - 1]
      : typeof v === "object" ? JSON.stringify(v) : String(v));
    const claimText = (c) => (Array.isArray(c)
      ? c.map((v, i) => `${areaNames[i] || i + 1}: ${areaLevel(v)}`).join("; ")
      : c == null ? "—" : String(c));
    const rows = d.students.map((x) => [x.ssid, gradeLabel(x.grade), { node: x.school || "—", cls: "txt" },
      x.scale_score == null ? "—" : String(x.scale_score), { node: x.level_name || (x.level == null ? "—" : String(x.level)), cls: "txt" },
      ...(hasDfs ? [x.dfs == null ? "—" : signed(x.dfs)] : []), ...(hasClaims ? [{ node: claimText(x.claims), cls: "txt" }] : []),
      { node: x.condition_code || "—", cls: "txt" }, { node: x.include === false || x.include === "N" ? "No" : "Yes", cls: "txt" }]);
    const wrap = table("roster-table", "The students of this cell", [["SSID", "Grade", "School", "Scale score", "Level",
      ...(hasDfs ? ["DFS"] : []), ...(hasClaims ? ["Claims / areas"] : []), "Condition code", "Counted"]], rows);
    wrap.querySelector(".table-tools").remove(); // the Download CSV link is the export (audited)
    return wrap;
  }

  // --- the page -----------------------------------------------------------------------

  function describe(s) {
    const t = testOf(s.test);
    const parts = [meta.lea_name && meta.lea_name !== meta.lea ? `${meta.lea_name} (LEA ${meta.lea})` : `LEA ${meta.lea}`];
    if (s.view !== "overview" && t) parts.push(t.name);
    parts.push(s.year ? yearLabel(Number(s.year)) : "latest year", s.basis === "enrolled" ? "Enrolled students" : "Tested students",
      s.school ? (meta.schools.find((x) => x.code === s.school) || { label: `School ${s.school}` }).label : "All schools");
    const f = VIEWS[s.view].filters;
    if (f.includes("grade") && !(s.view === "results" && s.by === "grade")) parts.push(gradeLabel(s.grade));
    if (f.includes("group") && !(s.view === "results" && s.by === "group")) parts.push(groupName(s.group));
    if (s.view === "results") parts.push(`rows by ${s.by}`);
    return parts.join(" · ");
  }

  async function render() {
    const my = ++generation;
    const s = readState();
    for (const c of charts) c.destroy();
    charts = [];
    pending = [];
    const v = VIEWS[s.view];
    const t = testOf(s.test);
    document.title = `${v.title} · Dashboard · scorebridge`;
    document.getElementById("title").textContent = s.view === "overview" || !t ? `Dashboard: ${v.title}` : `Dashboard: ${v.title} · ${t.name}`;
    for (const a of document.querySelectorAll("#views a")) {
      a.setAttribute("href", hrefFor(s, { view: a.dataset.view }));
      if (a.dataset.view === s.view) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    document.getElementById("roster-tab").hidden = s.view !== "roster";
    drawFilters(s);
    const status = document.getElementById("status");
    status.textContent = "Loading…";
    const view = document.getElementById("view");
    view.setAttribute("aria-busy", "true");
    let nodes;
    if (!testsFor(s.view).length && s.view !== "overview")
      nodes = [message(s.view === "dfs" ? "No Smarter Balanced results are loaded." : "No score files are loaded yet: upload them on the Files page.")];
    else {
      try {
        nodes = await { overview, results, dfs, cohort, roster }[s.view](s);
      } catch (e) {
        nodes = [message("Could not load this view: " + e.message, "error")];
      }
    }
    if (my !== generation) return; // a newer view was asked for meanwhile
    view.replaceChildren(...nodes);
    view.removeAttribute("aria-busy");
    for (const p of pending) charts.push(new Chart(p.canvas, p.config));
    pending = [];
    const star = [...view.querySelectorAll("td, th")].some((c) => c.textContent.includes(STAR));
    document.getElementById("note").hidden = !star;
    document.getElementById("print-head").textContent = `scorebridge · ${v.title} · ${describe(s)}`;
    status.textContent = describe(s);
    document.body.dataset.ready = s.view; // for tests: the view is drawn
  }

  document.addEventListener("DOMContentLoaded", async () => {
    const status = document.getElementById("status");
    try {
      const res = await api("meta", {});
      if (res.status !== 200) {
        status.textContent = failure(res, "the dashboards");
        return;
      }
      meta = res.body;
      if (typeof Chart === "undefined") throw new Error("the chart library did not load");
      Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      Chart.defaults.color = DARK_TEXT;
      if (!history.state) history.replaceState({ app: false }, "", location.href);
      await render();
    } catch (e) {
      status.textContent = "The dashboard could not start: " + e.message;
    }
  });
})();
