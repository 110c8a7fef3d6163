import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { BASE_URL, DIST_DIR } from "./server";

// Writes, over HTTP and in-process: a check-in and a claim, each by 10 concurrent callers.
// Over HTTP each call is the server action's POST with the fields React's client sends (the
// encoding tests/e2e/http.ts uses), to the page that holds the form; in-process the same lib/
// command is called directly. The difference is what HTTP, the proxy, the action wrapper and the session
// read cost on top of the command's transaction (the answer carries the result only: the
// browser refreshes the page with a request of its own, decision record 12).

export const WRITE_CALLERS = 10;

export type WriteFigures = {
  name: "checkin" | "claim";
  httpRps10: number | null;
  inProcessRps10: number | null;
  httpCalls: number;
  httpFailures: number;
  inProcessCalls: number;
  inProcessFailures: number;
  /**
   * Check-ins only: the same POST with a value that fails validation, over HTTP. It reads the
   * session and goes through the proxy and Next.js's action handling, then stops before the
   * command: what an action costs the server before it does anything.
   */
  refusedRps10?: number | null;
  /**
   * Check-ins only: the REST API's check-in POST sent without a token, over HTTP: a route handler
   * answering 401 before it reads the database. The least any HTTP write costs this server (the
   * proxy, Next.js's routing and the response), whatever its path: with the command's own cost on
   * top, a write over HTTP stays below 1 / (1 / this + 1 / in-process rate).
   */
  bareRouteRps10?: number | null;
  error?: string;
};

/** What the writes use: active goals the CCO checks in on (one per caller), the head who claims, and unowned stages. */
export type WritePlan = { ccoId: string; headId: string; goalIds: string[]; claimJourneyId: string; httpStageIds: string[]; inProcessStageIds: string[] };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Points lib/'s database at `url` through postgres-js (the way the floor does); returns the pool to end. */
export async function useBenchDatabase(url: string): Promise<postgres.Sql> {
  // lib/env reads process.env when first imported, so the lib modules are imported only after this.
  process.env.DATABASE_URL = url;
  process.env.THROUGHLINE_MODE = "production";
  process.env.STALE_SWEEP_MINUTES = "0";
  // Queries prepared and planned as the app's own connections do them (db/client.ts openPostgres),
  // so the in-process figure is the command's cost with the server's driver settings.
  const pg = postgres(url, { max: 12, onnotice: () => {}, connection: { jit: "off", plan_cache_mode: "force_custom_plan" } });
  const schema = await import("@/db/schema");
  const { preparingQueries, useDatabase } = await import("@/db/client");
  useDatabase({ db: drizzle({ client: preparingQueries(pg), schema }) as never, kind: "postgres", close: () => pg.end({ timeout: 5 }) });
  return pg;
}

/**
 * Prepares the writes in-process through the lib/ commands, so the bench database stays as the
 * application would leave it (every change audited): a draft journey "Bench claims …" with
 * 2 × `claims` new, unowned stages, half claimed over HTTP and half in-process.
 */
export async function prepareWrites(url: string, ccoEmail: string, headEmail: string, claims: number): Promise<WritePlan> {
  const pg = await useBenchDatabase(url);
  try {
    const [cco] = await pg<{ id: string }[]>`select id from users where lower(email) = ${ccoEmail} and active`;
    const [head] = await pg<{ id: string }[]>`select id from users where lower(email) = ${headEmail} and active and role = 'head' and department_id is not null`;
    if (!cco || !head) throw new Error(`The bench database has no active ${cco ? headEmail : ccoEmail}.`);
    const goals = await pg<{ id: string }[]>`
      select g.id from goals g join stages s on s.id = g.stage_id join journeys j on j.id = s.journey_id
      where g.status = 'active' and not s.archived and j.status <> 'archived'
      order by g.id limit ${WRITE_CALLERS * 2}`;
    if (goals.length < WRITE_CALLERS * 2) throw new Error(`Only ${goals.length} active goals in the bench database; the writes need ${WRITE_CALLERS * 2}.`);
    const { loadActor } = await import("@/lib/auth/current-user");
    const { createJourney, addStage } = await import("@/lib/journeys/commands");
    const actor = await loadActor(cco.id);
    if (!actor) throw new Error("The CCO could not be loaded.");
    const created = await createJourney({ actor, input: { name: `Bench claims ${new Date().toISOString()}`, description: "Unowned stages for npm run bench to claim.", segment: "", status: "draft" } });
    if (!created) throw new Error("The claims journey was not created.");
    const stageIds: string[] = [];
    for (let i = 1; i <= claims * 2; i++) {
      const { stageId } = await addStage({ actor, input: { journeyId: created.journeyId, name: `Claim ${i}`, customerGoal: "", emotionScore: null } });
      stageIds.push(stageId);
    }
    const ids = goals.map((g) => g.id);
    return {
      ccoId: cco.id,
      headId: head.id,
      goalIds: ids,
      claimJourneyId: created.journeyId,
      httpStageIds: stageIds.slice(0, claims),
      inProcessStageIds: stageIds.slice(claims),
    };
  } finally {
    await pg.end({ timeout: 5 });
  }
}

/** A date two days back: never "in the future" in any company time zone. */
function measuredOn(): string {
  return new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
}

/** Runs `one` from WRITE_CALLERS concurrent callers, each taking its own next job; returns calls, failures and calls per second. */
async function drive(jobs: (caller: number) => (() => Promise<boolean>) | null, firstFailure: { text?: string }): Promise<{ calls: number; failures: number; rps: number }> {
  let calls = 0;
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITE_CALLERS }, async (_, caller) => {
      for (let job = jobs(caller); job; job = jobs(caller)) {
        calls++;
        try {
          if (!(await job())) failures++;
        } catch (e) {
          failures++;
          firstFailure.text ??= message(e);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { calls, failures, rps: round1((calls - failures) / seconds) };
}

/** Check-ins for `seconds`, one goal per caller; claims until the stages run out. */
function checkInJobs(goalIds: string[], seconds: number, call: (goalId: string, value: string) => Promise<boolean>) {
  const until = performance.now() + seconds * 1000;
  let n = 0;
  return (caller: number) => (performance.now() < until ? () => call(goalIds[caller]!, String(++n % 100)) : null);
}
function claimJobs(stageIds: string[], call: (stageId: string) => Promise<boolean>) {
  const queue = [...stageIds];
  return () => {
    const stageId = queue.shift();
    return stageId ? () => call(stageId) : null;
  };
}

type ActionRef = { id: string; path: string };

/** The server action ids of the build the bench server runs (as tests/e2e/http.ts reads them). */
function actionIds(): Map<string, string> {
  const file = path.join(DIST_DIR, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { exportedName?: string }> };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.exportedName) ids.set(entry.exportedName, id);
  return ids;
}

/**
 * A multipart/form-data body as a browser encodes a form's fields (RFC 7578; line breaks in a
 * value sent as CR LF, as browsers send them). Written by hand rather than through fetch's
 * FormData: the writes' client runs on the same two cores as the server and PostgreSQL, and fetch
 * with a FormData body cost it 1.3–2.1 ms of CPU per POST, about a fifth of what the server spends
 * on the POST; this costs it 0.36–0.63 ms (README, issue 12's eighth round).
 */
export function multipartBody(fields: readonly (readonly [string, string])[], boundary = `----throughline${randomBytes(12).toString("hex")}`): { body: Buffer; contentType: string } {
  const parts = fields.map(([name, value]) => {
    if (/["\r\n]/.test(name)) throw new Error(`A form field's name cannot hold quotes or line breaks: ${JSON.stringify(name)}`);
    if (value.includes(boundary)) throw new Error("A form field's value contains the multipart boundary.");
    return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value.replace(/\r\n|\r|\n/g, "\r\n")}\r\n`;
  });
  return { body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

// At most one connection per caller, kept alive between POSTs as a browser keeps its own.
const agent = new http.Agent({ keepAlive: true, maxSockets: WRITE_CALLERS });

/** An answer's text, decompressed as a browser would. */
function decoded(body: Buffer, encoding: string | undefined): string {
  if (encoding === "gzip") return zlib.gunzipSync(body).toString("utf8");
  if (encoding === "deflate") return zlib.inflateSync(body).toString("utf8");
  if (encoding === "br") return zlib.brotliDecompressSync(body).toString("utf8");
  return body.toString("utf8");
}

/**
 * POSTs `body` to the bench server, asking for compression as a browser does; the status and
 * the answer's text. A kept-alive connection the server closed just as it was reused is retried
 * once on a new one (the server's own idle timeout, not a failure of the write). Gives up after
 * `timeoutMs`.
 */
export function post(pathname: string, headers: Record<string, string>, body: Buffer, { base = BASE_URL, timeoutMs = 30_000 } = {}): Promise<{ status: number; text: string }> {
  const once = (retry: boolean) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${base}${pathname}`, { method: "POST", agent, headers: { "Accept-Encoding": "gzip, deflate, br", ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          clearTimeout(deadline);
          try {
            resolve({ status: res.statusCode ?? 0, text: decoded(Buffer.concat(chunks), res.headers["content-encoding"]) });
          } catch (e) {
            reject(e);
          }
        });
        res.on("error", (e) => {
          clearTimeout(deadline);
          reject(e);
        });
      });
      const deadline = setTimeout(() => req.destroy(new Error(`POST ${pathname} gave no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      req.on("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(deadline);
        if (retry && req.reusedSocket && e.code === "ECONNRESET") once(false).then(resolve, reject);
        else reject(e);
      });
      req.end(body);
    });
  return once(true);
}

/** Posts a server action as React's client does for `action(prevState, formData)`; true when it answers {"ok":true…} (or, with `refused`, {"ok":false,"code":"invalid"…}). */
async function postAction(ref: ActionRef, cookie: string, form: [string, string][], { refused = false } = {}): Promise<boolean> {
  const { body, contentType } = multipartBody([...form.map(([k, v]) => [`_1_${k}`, v] as const), ["0", JSON.stringify(["$undefined", "$K1"])]]);
  const { status, text } = await post(ref.path, { cookie, "Next-Action": ref.id, Accept: "text/x-component", Origin: BASE_URL, "Content-Type": contentType }, body);
  if (status !== 200) throw new Error(`POST ${ref.path} answered ${status}`);
  const ok = (refused ? /^[0-9a-f]+:\{"ok":false,"code":"invalid"/m : /^[0-9a-f]+:\{"ok":true/m).test(text);
  if (!ok) throw new Error(`POST ${ref.path}: ${(/^[0-9a-f]+:(\{"ok":false.*)$/m.exec(text)?.[1] ?? text).slice(0, 300)}`);
  return true;
}

/** Posts JSON to a REST API route without a token; true when it answers 401 (and nothing is read or written). */
async function postUnauthenticated(pathname: string, json: unknown): Promise<boolean> {
  const { status } = await post(pathname, { "Content-Type": "application/json" }, Buffer.from(JSON.stringify(json)));
  if (status !== 401) throw new Error(`POST ${pathname} without a token answered ${status}`);
  return true;
}

/** The writes over HTTP against the running bench server: check-ins by the CCO, claims by the head. */
export async function measureHttpWrites(plan: WritePlan, ccoCookie: string, headCookie: string, seconds: number): Promise<WriteFigures[]> {
  const ids = actionIds();
  const out: WriteFigures[] = [];
  const checkInId = ids.get("recordCheckInAction");
  const claimId = ids.get("claimStageAction");
  const on = measuredOn();
  for (const [name, run] of [
    [
      "checkin",
      () =>
        checkInJobs(plan.goalIds, seconds, (goalId, value) =>
          postAction({ id: checkInId!, path: `/goals/${goalId}` }, ccoCookie, [["goalId", goalId], ["value", value], ["confidence", "medium"], ["note", "npm run bench"], ["measuredOn", on]]),
        ),
    ],
    ["claim", () => claimJobs(plan.httpStageIds, (stageId) => postAction({ id: claimId!, path: `/journeys/${plan.claimJourneyId}/stages/${stageId}` }, headCookie, [["stageId", stageId], ["reason", ""]]))],
  ] as const) {
    const fig: WriteFigures = { name, httpRps10: null, inProcessRps10: null, httpCalls: 0, httpFailures: 0, inProcessCalls: 0, inProcessFailures: 0 };
    out.push(fig);
    if (!(name === "checkin" ? checkInId : claimId)) {
      fig.error = `No ${name === "checkin" ? "recordCheckInAction" : "claimStageAction"} in ${DIST_DIR}'s server-reference-manifest.json.`;
      continue;
    }
    const first: { text?: string } = {};
    const r = await drive(run(), first);
    fig.httpCalls = r.calls;
    fig.httpFailures = r.failures;
    fig.httpRps10 = r.rps;
    if (first.text) fig.error = `over HTTP: ${first.text}`;
    if (name === "checkin") {
      const refusedFirst: { text?: string } = {};
      const refused = await drive(
        checkInJobs(plan.goalIds, seconds, (goalId) =>
          postAction({ id: checkInId!, path: `/goals/${goalId}` }, ccoCookie, [["goalId", goalId], ["value", "not a number"], ["confidence", "medium"], ["note", "npm run bench"], ["measuredOn", on]], { refused: true }),
        ),
        refusedFirst,
      );
      fig.refusedRps10 = refused.rps;
      if (refusedFirst.text) fig.error = `${fig.error ? `${fig.error}; ` : ""}refused at validation: ${refusedFirst.text}`;
      const bareFirst: { text?: string } = {};
      const bare = await drive(
        checkInJobs(plan.goalIds, seconds, (goalId, value) => postUnauthenticated("/api/v1/check-ins", { goalId, value, confidence: "medium", note: "npm run bench", measuredOn: on })),
        bareFirst,
      );
      fig.bareRouteRps10 = bare.rps;
      if (bareFirst.text) fig.error = `${fig.error ? `${fig.error}; ` : ""}route handler without a token: ${bareFirst.text}`;
    }
  }
  return out;
}

/** The same commands in-process (after the server has stopped), filling `inProcess*` of `figures`. */
export async function measureInProcessWrites(url: string, plan: WritePlan, seconds: number, figures: WriteFigures[]): Promise<void> {
  const pg = await useBenchDatabase(url);
  try {
    const { loadActor } = await import("@/lib/auth/current-user");
    const { recordCheckIn } = await import("@/lib/goals/commands");
    const { claimStage } = await import("@/lib/ownership/commands");
    const cco = await loadActor(plan.ccoId);
    const head = await loadActor(plan.headId);
    if (!cco || !head) throw new Error("The CCO or the head could not be loaded.");
    const on = measuredOn();
    // The other half of the goals, so no caller waits on a row lock the HTTP run left warm.
    const goalIds = plan.goalIds.slice(WRITE_CALLERS);
    for (const fig of figures) {
      const first: { text?: string } = {};
      const jobs =
        fig.name === "checkin"
          ? checkInJobs(goalIds, seconds, async (goalId, value) => {
              await recordCheckIn({ actor: cco, goalId, input: { value, confidence: "medium", note: "npm run bench", measuredOn: on } });
              return true;
            })
          : claimJobs(plan.inProcessStageIds, async (stageId) => {
              await claimStage({ actor: head, stageId });
              return true;
            });
      const r = await drive(jobs, first);
      fig.inProcessCalls = r.calls;
      fig.inProcessFailures = r.failures;
      fig.inProcessRps10 = r.rps;
      if (first.text) fig.error = `${fig.error ? `${fig.error}; ` : ""}in-process: ${first.text}`;
    }
  } finally {
    await pg.end({ timeout: 5 });
  }
}
