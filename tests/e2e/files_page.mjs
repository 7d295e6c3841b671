// files_page.mjs - the Files page in a real browser (Debian's chromium, driven by
// playwright-core, headless, --no-sandbox, a fresh empty profile): sign in, choose a TOMS
// ZIP, upload it with the progress bar, wait until the uploads table says Ready with the
// row count, then take a screenshot. Prints one line per check ("ok ..." / "not ok ...")
// for tests/e2e/run to turn into TAP.
// Usage: node files_page.mjs BASE USER PASSWORD ZIP ROWS SCREENSHOT.png
import { chromium } from "playwright-core";

const [base, user, password, zip, rows, shot] = process.argv.slice(2);
const results = [];
const check = (name, ok, detail) => results.push({ name, ok, detail });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
  headless: true,
});
try {
  const context = await browser.newContext(); // an empty profile: no cookies, no storage
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  await page.goto(`${base}/files`);
  check("the Files page sends a signed-out browser to /login", page.url().endsWith("/login"), page.url());
  await page.fill("#username", user);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  await page.goto(`${base}/files`);
  await page.waitForSelector("#lea:not(:empty)");
  check("signed in, the Files page shows the user's LEA", (await page.textContent("#lea")).length === 7,
    await page.textContent("#lea"));

  await page.setInputFiles("#file", zip);
  check("choosing a file names it and enables Upload",
    (await page.textContent("#chosen")).includes(".zip") && !(await page.isDisabled("#send")));
  // The new upload is the row with an id above every row shown before it was sent (the
  // table may already list earlier uploads, which must not be mistaken for it).
  await page.waitForFunction(() => !document.querySelector("#uploads").textContent.includes("Loading…"));
  const before = await page.evaluate(() =>
    Math.max(0, ...[...document.querySelectorAll("#uploads tr[data-id]")].map((tr) => Number(tr.dataset.id))));
  await page.click("#send");
  const settled = await page.waitForFunction((max) => {
    const tr = [...document.querySelectorAll("#uploads tr[data-id]")].find((t) => Number(t.dataset.id) > max);
    const s = tr && tr.querySelector(".status");
    return s && (s.textContent.startsWith("Ready") || s.textContent.startsWith("Rejected")) && tr.dataset.id;
  }, before, { timeout: 60000 });
  const row = page.locator(`#uploads tr[data-id="${await settled.jsonValue()}"]`);
  const status = await row.locator(".status").textContent();
  const rowsCell = await row.locator("td").nth(6).textContent();
  check("the upload reaches Ready in the table", status.startsWith("Ready"), status);
  check(`the table shows the ${rows} rows loaded`, rowsCell.trim() === Number(rows).toLocaleString("en-US"), rowsCell);
  check("the status line says the file was uploaded",
    (await page.textContent("#upload-status")).startsWith("Uploaded"), await page.textContent("#upload-status"));
  await page.waitForTimeout(1500); // later polls and answers must not undo the outcome
  const still = await row.locator(".status").textContent();
  check("the table stays Ready (no late or stale answer overwrites it)", still.startsWith("Ready"), still);
  await page.screenshot({ path: shot, fullPage: true });
  check("no script errors (the CSP allows the page's own scripts)", consoleErrors.length === 0, consoleErrors.join(" | "));
} catch (e) {
  check("the browser run finished", false, String(e));
} finally {
  await browser.close();
}
for (const r of results) console.log(`${r.ok ? "ok" : "not ok"} ${r.name}${r.ok ? "" : ` # ${r.detail}`}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
