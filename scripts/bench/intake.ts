import fs from "node:fs";
import path from "node:path";
import { parseCsv } from "@/lib/csv/parse";
import { chunkRows, guessMapping } from "@/lib/signals/import-format";

// Customer signals in bulk, over HTTP against a running server, as their callers send them:
// - the CSV import as the wizard does it: a generated file of `rows` rows parsed and mapped here,
//   sent in chunks to the chunk action one after another, then confirmed (rows per second over
//   the whole import: checking, staging and the one recording transaction);
// - the REST API: `batches` POST /api/v1/signals of 1,000 signals each under a bearer token
//   (signals per second).
// Every generated signal is two days old, on the given stages, 2% of them negative.

export type IntakeFigures = {
  importRows: number;
  importSeconds: number | null;
  importRowsPerSecond: number | null;
  importFollowUps: number | null;
  apiBatches: number;
  apiSignals: number;
  apiSignalsPerSecond: number | null;
  error?: string;
};

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const round1 = (n: number) => Math.round(n * 10) / 10;

/** A survey export of `rows` signals on `stageIds` (by id), received over the two days before now. */
export function generateSurveyCsv(stageIds: string[], rows: number): string {
  const lines = ["stage,source,received_at,scale,score,comment,customer_ref,channel,tags"];
  const start = Date.now() - 2 * 86_400_000;
  for (let i = 0; i < rows; i++) {
    const at = new Date(start - i * 1000).toISOString();
    const score = i % 50 === 0 ? 1 : 3 + (i % 3);
    lines.push(`${stageIds[i % stageIds.length]},survey,${at},csat,${score},"Bench row ${i}, generated",bench-${i % 5000},email,bench`);
  }
  return lines.join("\n");
}

function actionIds(distDir: string): Map<string, string> {
  const file = path.join(distDir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { exportedName?: string }> };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.exportedName) ids.set(entry.exportedName, id);
  return ids;
}

const escapeForReply = (v: unknown): unknown =>
  typeof v === "string" ? (v.startsWith("$") ? `$${v}` : v) : Array.isArray(v) ? v.map(escapeForReply) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeForReply(x)])) : v;

/** Calls a server action with a plain object, as React's client sends `action(null, object)`; answers its data. */
async function callAction<T>(baseUrl: string, id: string, cookie: string, payload: unknown, form?: [string, string][]): Promise<T> {
  let body: FormData | string;
  if (form) {
    body = new FormData();
    for (const [k, v] of form) body.append(`_1_${k}`, v);
    body.append("0", JSON.stringify(["$undefined", "$K1"]));
  } else body = JSON.stringify([null, escapeForReply(payload)]);
  const res = await fetch(`${baseUrl}/signals/import`, {
    method: "POST",
    headers: { cookie, "Next-Action": id, Accept: "text/x-component", Origin: baseUrl, ...(form ? {} : { "content-type": "text/plain;charset=UTF-8" }) },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(300_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`The import action answered ${res.status}: ${text.slice(0, 200)}`);
  const line = /^[0-9a-f]+:(\{"ok":.*)$/m.exec(text)?.[1];
  const result = line ? (JSON.parse(line) as { ok: boolean; data?: T; error?: string }) : null;
  if (!result?.ok) throw new Error(`The import action refused: ${(result?.error ?? text).slice(0, 300)}`);
  return result.data as T;
}

export async function measureSignalIntake(opts: {
  baseUrl: string;
  distDir: string;
  cookie: string;
  bearer: string;
  stageIds: string[];
  rows?: number;
  batches?: number;
  log?: (line: string) => void;
}): Promise<IntakeFigures> {
  const { baseUrl, cookie, bearer, stageIds, rows = 100_000, batches = 20, log = () => {} } = opts;
  const fig: IntakeFigures = { importRows: rows, importSeconds: null, importRowsPerSecond: null, importFollowUps: null, apiBatches: batches, apiSignals: 0, apiSignalsPerSecond: null };
  try {
    const ids = actionIds(opts.distDir);
    const chunkId = ids.get("checkSignalImportChunkAction");
    const commitId = ids.get("importSignalsAction");
    if (!chunkId || !commitId) throw new Error("The build has no signal import actions.");
    const [head, ...records] = parseCsv(generateSurveyCsv(stageIds, rows)).records;
    const { mapping, defaults } = guessMapping(head!.fields);
    const importId = crypto.randomUUID();
    const t0 = performance.now();
    let done = 0;
    for (const [seq, chunk] of chunkRows(records).entries()) {
      const answer = await callAction<{ rows: number; invalid: number }>(baseUrl, chunkId, cookie, { importId, seq, fileName: "bench.csv", header: head!.fields, mapping, defaults, rows: chunk });
      if (answer.invalid) throw new Error(`${answer.invalid} generated rows were refused.`);
      done += answer.rows;
      if (seq % 10 === 9) log(`  import: ${done.toLocaleString("en")} of ${rows.toLocaleString("en")} rows checked`);
    }
    const result = await callAction<{ imported: number; followUpsOpened: number }>(baseUrl, commitId, cookie, null, [["importId", importId], ["rows", String(rows)]]);
    const seconds = (performance.now() - t0) / 1000;
    fig.importSeconds = round1(seconds);
    fig.importRowsPerSecond = round1(result.imported / seconds);
    fig.importFollowUps = result.followUpsOpened;

    const batch = parseCsv(generateSurveyCsv(stageIds, 1000)).records.slice(1).map((r) => ({ stageId: r.fields[0], source: "survey", receivedAt: r.fields[2], scale: "csat", score: r.fields[4], comment: r.fields[5], channel: "email", tags: ["bench"] }));
    const t1 = performance.now();
    for (let b = 0; b < batches; b++) {
      const res = await fetch(`${baseUrl}/api/v1/signals`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json", "idempotency-key": `bench-${importId}-${b}` },
        body: JSON.stringify({ signals: batch }),
        signal: AbortSignal.timeout(120_000),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`POST /api/v1/signals answered ${res.status}: ${text.slice(0, 200)}`);
      fig.apiSignals += (JSON.parse(text) as { recorded: number }).recorded;
    }
    fig.apiSignalsPerSecond = round1(fig.apiSignals / ((performance.now() - t1) / 1000));
  } catch (e) {
    fig.error = message(e);
  }
  return fig;
}

/**
 * What the intake needs from the bench database, made in-process through lib/ (audited as the
 * application would): a personal API token for the CCO, and the ids of 50 live stages.
 */
export async function prepareIntake(url: string, ccoId: string): Promise<{ bearer: string; stageIds: string[] }> {
  const { useBenchDatabase } = await import("./writes");
  const pg = await useBenchDatabase(url);
  try {
    const { loadActor } = await import("@/lib/auth/current-user");
    const { createPersonalToken } = await import("@/lib/api-tokens/commands");
    const actor = await loadActor(ccoId);
    if (!actor) throw new Error("The CCO could not be loaded.");
    const { secret } = await createPersonalToken({ actor, input: { name: `npm run bench ${new Date().toISOString()}`, readOnly: false, expiresIn: "30" } });
    const stages = await pg<{ id: string }[]>`
      select s.id from stages s join journeys j on j.id = s.journey_id
      where not s.archived and j.status <> 'archived' order by s.id limit 50`;
    return { bearer: secret, stageIds: stages.map((s) => s.id) };
  } finally {
    await pg.end({ timeout: 5 });
  }
}
