// Sums the results of every suite test-all.sh ran into one line: "N passed, N failed".
// Exits non-zero when anything failed or a suite produced no results at all.
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

for (const file of fs.readdirSync(dir).sort()) {
  const full = path.join(dir, file);
  if (file.endsWith(".check")) {
    const ok = fs.readFileSync(full, "utf8").trim() === "pass";
    if (ok) passed++;
    else failed++;
    lines.push(`${file.replace(".check", "")}: ${ok ? "passed" : "FAILED"}`);
  } else if (file.endsWith(".vitest.json")) {
    const r = JSON.parse(fs.readFileSync(full, "utf8"));
    // A file that failed without a failing test (it did not load, or a beforeAll hook failed and
    // its tests were skipped) counts as a failure: never as a pass or a mere skip.
    const brokenFiles = (r.testResults ?? []).filter((t) => t.status === "failed" && !(t.assertionResults ?? []).some((a) => a.status === "failed")).length;
    passed += r.numPassedTests;
    failed += r.numFailedTests + brokenFiles;
    skipped += r.numPendingTests + r.numTodoTests;
    lines.push(`${file.replace(".vitest.json", "")}: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed`);
  } else if (file.endsWith(".playwright.json")) {
    const s = JSON.parse(fs.readFileSync(full, "utf8")).stats;
    const errors = JSON.parse(fs.readFileSync(full, "utf8")).errors?.length ?? 0;
    passed += s.expected;
    failed += s.unexpected + s.flaky + errors;
    skipped += s.skipped;
    lines.push(`${file.replace(".playwright.json", "")}: ${s.expected} passed, ${s.unexpected + s.flaky + errors} failed`);
  }
}

if (passed + failed === 0) failed = 1;
console.log("\n━━ summary");
for (const l of lines) console.log(`  ${l}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
