// Lighthouse audits of key pages, printed as a table of the four category scores, followed by
// every audit that scored below 1 (its id, so it can be routed to the page's owner).
//
//   node scripts/lighthouse.mjs BASE_URL [label=path ...]
//   e.g. node scripts/lighthouse.mjs http://127.0.0.1:8107 home=/ "case study=/case-studies/x/"
//
// `make lighthouse` starts the perf server (tests/perf/run_perf.py --lighthouse) and calls this.
// Uses npm `lighthouse` (package.json) and Debian's Chromium (CHROME_PATH, default /usr/bin/chromium).
// LIGHTHOUSE_PRESET=desktop audits with the desktop preset; the default is Lighthouse's mobile
// emulation with simulated slow 4G, which is the stricter of the two.
// LIGHTHOUSE_JSON_DIR=dir keeps each full report as JSON.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "node_modules", "lighthouse", "cli", "index.js");
const [base, ...pairs] = process.argv.slice(2);
if (!base || !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(base)) {
  console.error("usage: node scripts/lighthouse.mjs http://127.0.0.1:PORT [label=path ...] (local servers only)");
  process.exit(2);
}
const pages = (pairs.length ? pairs : ["home=/"]).map((pair) => {
  const at = pair.indexOf("=");
  return at > 0 ? { label: pair.slice(0, at), path: pair.slice(at + 1) } : { label: pair, path: pair };
});
const categories = ["performance", "accessibility", "best-practices", "seo"];
const chromeFlags = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-default-apps",
  "--disable-extensions",
  "--disable-sync",
  "--no-first-run",
  "--mute-audio",
].join(" ");
const jsonDir = process.env.LIGHTHOUSE_JSON_DIR;
if (jsonDir) mkdirSync(jsonDir, { recursive: true });

const rows = [];
const problems = [];
let worst = 100;
for (const { label, path } of pages) {
  const url = base + path;
  const args = [
    cli,
    url,
    "--output=json",
    "--output-path=stdout",
    "--quiet",
    `--only-categories=${categories.join(",")}`,
    `--chrome-flags=${chromeFlags}`,
    "--max-wait-for-load=30000",
  ];
  if (process.env.LIGHTHOUSE_PRESET === "desktop") args.push("--preset=desktop");
  let report;
  try {
    const out = execFileSync(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || "/usr/bin/chromium" },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 240_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
    report = JSON.parse(out.toString());
  } catch (error) {
    console.error(`${label}: lighthouse failed: ${error.message.split("\n")[0]}`);
    rows.push({ label, path, scores: categories.map(() => "ERR") });
    worst = 0;
    continue;
  }
  if (jsonDir) writeFileSync(join(jsonDir, `${label.replace(/\W+/g, "-")}.json`), JSON.stringify(report));
  const scores = categories.map((id) => {
    const score = report.categories[id]?.score;
    return score == null ? "n/a" : Math.round(score * 100);
  });
  for (const s of scores) if (typeof s === "number") worst = Math.min(worst, s);
  rows.push({ label, path, scores, fcp: report.audits["first-contentful-paint"]?.displayValue,
    lcp: report.audits["largest-contentful-paint"]?.displayValue });
  for (const id of categories) {
    for (const ref of report.categories[id]?.auditRefs ?? []) {
      const audit = report.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 1) continue;
      if (["notApplicable", "manual", "informative"].includes(audit.scoreDisplayMode)) continue;
      if (ref.weight === 0) continue;
      problems.push(`${label} [${id}] ${ref.id} (score ${audit.score}${audit.displayValue ? ", " + audit.displayValue : ""}): ${audit.title}`);
    }
  }
}

const pad = (value, width) => String(value).padStart(width);
console.log(`\nLighthouse ${process.env.LIGHTHOUSE_PRESET === "desktop" ? "desktop" : "mobile (default)"} on ${base}`);
console.log(`${"page".padEnd(24)} ${pad("perf", 5)} ${pad("a11y", 5)} ${pad("b-p", 5)} ${pad("seo", 5)}  FCP / LCP  path`);
for (const row of rows) {
  console.log(`${row.label.padEnd(24)} ${row.scores.map((s) => pad(s, 5)).join(" ")}  ${row.fcp ?? "-"} / ${row.lcp ?? "-"}  ${row.path}`);
}
if (problems.length) {
  console.log("\nAudits below 100 (page [category] audit-id):");
  for (const line of problems) console.log("  " + line);
}
process.exit(worst === 100 ? 0 : 1);
