import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// scripts/patch-postgres.mjs (npm's postinstall) fixes postgres.js's write scheduler (without it
// a database restart leaves pool slots that never connect again) and opens pool connections
// outside the request that needs one (without it each connection keeps a finished request in
// memory). A fresh install that skipped the script, or a driver upgrade the script does not know,
// must not pass unnoticed.
const root = path.resolve("node_modules/postgres");

describe("the installed postgres.js driver", () => {
  it.each(["src", "cjs/src", "cf/src"])("has the write-scheduler fix in %s/connection.js", (dir) => {
    const text = fs.readFileSync(path.join(root, dir, "connection.js"), "utf8");
    expect(text.split("/* throughline: write-scheduler fix */").length - 1, "run `node scripts/patch-postgres.mjs` (npm install does)").toBe(3);
  });

  it.each(["src", "cjs/src", "cf/src"])("opens connections outside requests in %s/connection.js", (dir) => {
    const text = fs.readFileSync(path.join(root, dir, "connection.js"), "utf8");
    expect(text.split("/* throughline: connect outside requests */").length - 1, "run `node scripts/patch-postgres.mjs` (npm install does)").toBe(1);
    expect(text).toContain("Symbol.for('throughline.outsideRequests')");
  });
});
