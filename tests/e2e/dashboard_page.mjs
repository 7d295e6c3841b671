// dashboard_page.mjs - the dashboards (/dashboard) in a real browser (Debian's chromium,
// driven by playwright-core, headless, --no-sandbox, a fresh profile). Loads the LEA's
// sandbox score files through the Files API as the signed-in district lead, then opens
// every view (overview; results of SB ELA by grade, school and group, CAST, Summative and
// Initial ELPAC; DFS of SB math; cohort; a roster opened from a count), checks that a
// number shown equals the API's JSON (fetched from the page), that filters live in the URL
// and back works, that "Export CSV" writes the table as shown, that the print stylesheet
// hides the controls, and runs axe-core on each view (no serious or critical violation).
// An aggregate viewer then sees `*` and the footnote for suppressed cells. Saves a
// screenshot of each view in OUTDIR. Prints one line per check ("ok ..." / "not ok ...")
// for tests/e2e/run to turn into TAP.
// Usage: node dashboard_page.mjs BASE USER PASSWORD SCORES_DIR LEA DATA_DIR OUTDIR
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [base, user, password, scores, lea, data, outdir] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const sb = process.env.SB || join(here, "../../build/scorebridge");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
mkdirSync(outdir, { recursive: true });

const results = [];
const check = (name, ok, detail) => results.push({ name, ok: !!ok, detail });
const nf = new Intl.NumberFormat("en-US");
const pct = (v) => v.toFixed(1) + "%";
const signed = (v) => (v > 0 ? "+" : "") + v.toFixed(1);
const origin = new URL(base).host;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
  headless: true,
});

async function signIn(name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => {
    // the cohort and roster APIs may not exist yet (404): the page says so; that is no error
    if (m.type() === "error" && !/status of 404/.test(m.text())) page.problems.push(m.text());
  });
  page.on("pageerror", (e) => page.problems.push(String(e)));
  page.on("request", (r) => { if (new URL(r.url()).host !== origin && !r.url().startsWith("blob:")) page.problems.push("outside request " + r.url()); });
  await page.goto(`${base}/login`);
  await page.fill("#username", name);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  return page;
}

// Opens a view, waits until it is drawn, saves the screenshot and runs axe.
async function open(page, query, shot, view) {
  await page.goto(`${base}/dashboard${query}`);
  await page.waitForSelector(`body[data-ready="${view}"]`, { timeout: 20000 });
  await page.screenshot({ path: join(outdir, `dashboard-${shot}.png`), fullPage: true });
  await axeCheck(page, shot);
}
async function axeCheck(page, shot) {
  await page.evaluate(axeSource); // through the debugger protocol: the page's CSP stays as it is
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  check(`${shot}: axe finds no serious or critical accessibility violation`, found.length === 0, found.join(" | "));
}
const api = (page, path) => page.evaluate(async (p) => {
  const r = await fetch(p, { credentials: "same-origin" });
  return { status: r.status, body: r.status === 200 ? await r.json() : null };
}, path);
// The text of the cell in column `col` (0 = row header) of the first body row of table
// `id` whose row header and year cells match.
const cell = (page, id, rowHeader, col, year) => page.evaluate(({ id, rowHeader, col, year }) => {
  for (const tr of document.querySelectorAll(`#${id} tbody tr`)) {
    if (tr.cells[0].textContent.trim() !== rowHeader) continue;
    if (year && tr.cells[1].textContent.trim() !== year) continue;
    return tr.cells[col].textContent.trim();
  }
  return null;
}, { id, rowHeader, col, year });
const yearLabel = (y) => `${y - 1}–${String(y).slice(2)}`;

try {
  const page = await signIn(user);

  // --- the LEA's sandbox score files, loaded through the Files API -------------------
  const session = await api(page, "/api/session");
  const csrf = session.body.csrf;
  const files = readdirSync(scores).filter((f) => f.startsWith(lea) && f.endsWith(".zip")).sort();
  const ids = [];
  for (const f of files) {
    const r = await page.request.post(`${base}/api/files?name=${encodeURIComponent(f)}`, {
      headers: { "X-CSRF-Token": csrf, "Content-Type": "application/octet-stream" }, data: readFileSync(join(scores, f)) });
    ids.push((await r.json()).id);
  }
  const statuses = [];
  for (const id of ids) {
    let s = "";
    for (let i = 0; i < 600 && s !== "ready" && s !== "rejected"; i++) {
      s = (await (await page.request.get(`${base}/api/files/${id}`)).json()).status;
      if (s !== "ready" && s !== "rejected") await page.waitForTimeout(100);
    }
    statuses.push(s);
  }
  check(`the LEA's ${files.length} sandbox score files load (three years of CAASPP, Summative and Initial ELPAC)`,
    files.length >= 6 && statuses.every((s) => s === "ready"), `${files.length} files: ${statuses.join(",")}`);

  // --- overview -----------------------------------------------------------------------
  await open(page, "", "overview", "overview");
  const ov = await api(page, "/api/analytics/overview");
  const ela = ov.body.tests.find((t) => t.test === "sb-ela");
  check("overview: SB ELA tested count equals the API's", ela &&
    (await cell(page, "overview-table", ela.name, 3)) === nf.format(ela.current.tested), ela && ela.current.tested);
  check("overview: SB ELA % met shows the percent, its n and the met label", ela &&
    (await cell(page, "overview-table", ela.name, 5)) === `${pct(ela.current.met.pct)} (${nf.format(ela.current.met.count)}) ${ela.met_label}`,
    await cell(page, "overview-table", "Smarter Balanced ELA", 5));
  check("overview: the chart is an image with a text alternative and a visible caption",
    await page.evaluate(() => { const c = document.querySelector("#overview canvas"); return c && c.getAttribute("role") === "img" && c.getAttribute("aria-label").length > 20 && document.querySelector("#overview figcaption").textContent.length > 20; }));

  // --- results: SB ELA by grade, school, group ---------------------------------------
  const views = [
    { q: "?view=results&test=sb-ela", shot: "results-sb-ela-grade", by: "grade", row: "All grades" },
    { q: "?view=results&test=sb-ela&by=school", shot: "results-sb-ela-school", by: "school", row: "All schools (LEA)" },
    { q: "?view=results&test=sb-ela&by=group", shot: "results-sb-ela-group", by: "group", row: "All Students" },
    { q: "?view=results&test=cast", shot: "results-cast", by: "grade", row: "All grades", test: "cast", extra: "#areas-table" },
    { q: "?view=results&test=elpac", shot: "results-elpac", by: "grade", row: "All grades", test: "elpac", extra: "#composites-table" },
    { q: "?view=results&test=initial-elpac", shot: "results-initial-elpac", by: "grade", row: "All grades", test: "initial-elpac" },
  ];
  for (const v of views) {
    await open(page, v.q, v.shot, "results");
    const test = v.test || "sb-ela";
    const r = await api(page, `/api/analytics/results?test=${test}&by=${v.by}`);
    const row = r.body.rows.find((x) => x.label === v.row);
    const y = row && row.years[row.years.length - 1];
    const shown = await cell(page, "levels-table", v.row, 3, y && yearLabel(y.year));
    check(`${v.shot}: ${v.row} ${y && yearLabel(y.year)} tested count equals the API's (${y && y.tested})`, y && shown === nf.format(y.tested), shown);
    const lvl = y && y.levels && y.levels[0];
    const shownLvl = await cell(page, "levels-table", v.row, 6, y && yearLabel(y.year));
    check(`${v.shot}: the lowest level shows the API's percent and n`, lvl && shownLvl === `${pct(lvl.pct)} (${nf.format(lvl.count)})`, shownLvl);
    if (v.extra) check(`${v.shot}: ${v.extra.slice(1)} is shown`, await page.$(v.extra));
  }
  // mean scale score: per grade only
  await page.goto(`${base}/dashboard?view=results&test=sb-ela`);
  await page.waitForSelector('body[data-ready="results"]');
  const rg = await api(page, "/api/analytics/results?test=sb-ela&by=grade");
  const g = rg.body.rows.find((x) => x.key !== "13");
  const gy = g.years[g.years.length - 1];
  check(`results: mean scale score of ${g.label} equals the API's, and none for all grades`,
    (await cell(page, "mean-scale-table", g.label, 3, yearLabel(gy.year))) === gy.mean_scale.toFixed(1) &&
    (await cell(page, "levels-table", "All grades", 11, yearLabel(gy.year))) === "—",
    await cell(page, "mean-scale-table", g.label, 3, yearLabel(gy.year)));

  // filters live in the URL; back returns to the view before
  await page.selectOption("#f-by", "school");
  await page.waitForFunction(() => location.search.includes("by=school") && document.querySelector("#levels-table"));
  await page.waitForSelector('body[data-ready="results"]');
  check("changing a filter puts it in the URL", page.url().includes("by=school"), page.url());
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes("by=school") && document.querySelector("#f-by").value === "grade");
  check("back returns to the previous filters", !page.url().includes("by=school"), page.url());

  // Export CSV: the table exactly as shown
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#levels .export")]);
  const csv = readFileSync(await download.path(), "utf8").split("\r\n");
  const firstRow = await page.evaluate(() => [...document.querySelector("#levels-table tbody tr").cells].map((c) => c.textContent.trim()));
  check("Export CSV writes the table's header and rows as shown", csv[0].startsWith("Grade,Year,Enrolled,Tested") &&
    csv[1] === firstRow.map((t) => (/[",]/.test(t) ? `"${t}"` : t)).join(","), `${csv[1]} vs ${firstRow.join(",")}`);

  // print: controls hidden, the header names LEA, test, year, basis
  await page.emulateMedia({ media: "print" });
  const print = await page.evaluate(() => ({
    filters: getComputedStyle(document.querySelector("#filters")).display,
    nav: getComputedStyle(document.querySelector("header.bar")).display,
    head: getComputedStyle(document.querySelector("#print-head")).display,
    text: document.querySelector("#print-head").textContent,
  }));
  await page.emulateMedia({ media: "screen" });
  check("print: no filters or navigation, a header with LEA, test, year and basis",
    print.filters === "none" && print.nav === "none" && print.head === "block" && print.text.includes(lea) &&
    print.text.includes("Smarter Balanced ELA") && print.text.includes("Tested"), JSON.stringify(print));

  // --- DFS ------------------------------------------------------------------------------
  await open(page, "?view=dfs&test=sb-math", "dfs-sb-math", "dfs");
  const dfs = await api(page, "/api/analytics/dfs?test=sb-math");
  const all = dfs.body.rows.find((r) => r.group === 1);
  check(`dfs: All Students current DFS equals the API's (${all.current.dfs})`,
    (await cell(page, "dfs-table", "All Students", 4)) === signed(all.current.dfs), await cell(page, "dfs-table", "All Students", 4));
  const colour = await cell(page, "dfs-table", "All Students", 8);
  check(`dfs: the colour is a labelled badge (${all.colour})`, colour === (all.colour === "None" ? "No colour" : all.colour), colour);
  check("dfs: labelled as the district's estimate", (await page.textContent("#dfs h2")).includes("DFS (district calculation, estimate)"));

  // --- cohort ---------------------------------------------------------------------------
  await open(page, "?view=cohort&test=sb-ela", "cohort", "cohort");
  const co = await api(page, "/api/analytics/cohort?test=sb-ela");
  if (co.status === 404) {
    check("cohort: the API answers 404, the page says the view is not available (no numbers made up)",
      (await page.textContent("#view")).includes("not available") && !(await page.$("#view table")));
  } else {
    const r0 = co.body.rows[0];
    const txt = await page.textContent("#view");
    check("cohort: both comparisons are labelled", txt.includes("Same students (matched by SSID)") && txt.includes("Same grade, different students"));
    check("cohort: matched count of the first grade equals the API's", r0 &&
      (await page.evaluate(() => document.querySelector("#cohort-compare-table tbody tr").cells[1].textContent.trim())) === nf.format(r0.matched));
  }

  // --- roster, opened from a count ------------------------------------------------------
  await page.goto(`${base}/dashboard?view=results&test=sb-ela`);
  await page.waitForSelector('body[data-ready="results"]');
  await Promise.all([page.waitForSelector('body[data-ready="roster"]'), page.click("#levels-table tbody tr:first-child a.roster-link")]);
  const rurl = new URL(page.url());
  check("a count opens the roster view with its cell in the URL", rurl.searchParams.get("view") === "roster" && rurl.searchParams.get("test") === "sb-ela", page.url());
  await page.screenshot({ path: join(outdir, "dashboard-roster.png"), fullPage: true });
  await axeCheck(page, "roster");
  const q = new URLSearchParams(rurl.search);
  q.delete("view");
  const ro = await api(page, `/api/analytics/roster?${q}`);
  const rtext = await page.textContent("#view");
  if (ro.status === 404) check("roster: the API answers 404, the page says lists are not available", rtext.includes("not available"));
  else if (ro.status === 403) check("roster: 403, the page says so", rtext.includes("may not see"));
  else {
    check(`roster: the count shown equals the API's (${ro.body.count})`, rtext.includes(`${nf.format(ro.body.count)} student`), rtext.slice(0, 300));
    check("roster: Download CSV is the same URL with format=csv",
      (await page.getAttribute("#roster a.button", "href")).endsWith("&format=csv"));
  }
  await page.goBack();
  await page.waitForSelector('body[data-ready="results"]');
  check("back from the roster returns to the results", new URL(page.url()).searchParams.get("view") === "results", page.url());
  check("no script errors, CSP violations or requests to other hosts", page.problems.length === 0, page.problems.join(" | "));

  // --- an aggregate viewer: suppressed counts show * with the footnote -------------------
  execFileSync(sb, ["user", "add", "--data", data, "--lea", lea, "--role", "aggregate-viewer", "--username", "viewer-dash"],
    { input: password + "\n", stdio: ["pipe", "ignore", "pipe"] });
  const vpage = await signIn("viewer-dash");
  await open(vpage, "?view=results&test=sb-ela&by=group", "suppressed", "results");
  const vr = await api(vpage, "/api/analytics/results?test=sb-ela&by=group");
  const hid = vr.body.rows.map((r) => ({ r, y: r.years.find((y) => y.suppressed && y.tested == null) })).find((x) => x.y);
  if (hid) {
    const stars = await vpage.evaluate((year) => [...document.querySelectorAll("#levels-table tbody tr")]
      .filter((tr) => tr.cells[1].textContent.trim() === year && tr.cells[3].textContent.trim() === "*").length, yearLabel(hid.y.year));
    check("suppressed: a withheld count shows * and the footnote explains it", stars > 0 &&
      (await vpage.isVisible("#note")) && (await vpage.textContent("#note")).includes("fewer than 11 students"), `rows with *: ${stars}`);
  } else check("suppressed: the sandbox has a small group to withhold", false, "no suppressed row in the API answer");
  check("suppressed: no roster links for a role without student access", (await vpage.$$("a.roster-link")).length === 0);
  check("the aggregate viewer's pages have no script errors", vpage.problems.length === 0, vpage.problems.join(" | "));
} catch (e) {
  check("the browser run finished", false, String(e).split("\n")[0]);
} finally {
  await browser.close();
}
for (const r of results) console.log(`${r.ok ? "ok" : "not ok"} ${r.name}${r.ok ? "" : ` # ${String(r.detail).replace(/\n/g, " ")}`}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
