import crypto from "node:crypto";
import fs from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoEmail } from "@/lib/demo/accounts";
import { NOTIFICATION_KINDS } from "@/lib/notifications/preference-kinds";
import { mailText } from "../helpers/mail-text";
import { startSmtp } from "../helpers/smtp-receiver";
import { startReceiver } from "../helpers/webhook-receiver";
import { actionId, buildApp, callAction, signIn, startApp, type AppServer } from "../restart/app-server";

// Two production servers (`next start` of one build) on one PostgreSQL database, as a company runs
// them behind a load balancer. Server A only serves requests (JOBS_WORKER=false) at first; server B
// also works the job queue (pg-boss). A user's action on A must reach a notification email and a
// signed webhook delivered by B; then, with both working the queue, every job of many actions
// on either server must run exactly once: each delivery arrives once, each email is sent once.
//
// Builds the app into .next-servers, unless TWO_SERVERS_DIST_DIR names a build made from the same
// sources (scripts/test-all.sh passes the restart suite's, made minutes before).

const PORT = Number(process.env.TWO_SERVERS_PORT || 3231);
const REUSE = Boolean(process.env.TWO_SERVERS_DIST_DIR && fs.existsSync(`${process.env.TWO_SERVERS_DIST_DIR}/BUILD_ID`));
const DIST_DIR = REUSE ? process.env.TWO_SERVERS_DIST_DIR! : ".next-servers";
const ACTION_TIMEOUT = 30_000;

type Sql = ReturnType<typeof postgres>;

/** Resolves once `check` holds, polling every 200 ms; fails with `what` after `timeoutMs`. */
async function eventually(what: string | (() => string), check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("two app servers on one PostgreSQL database", () => {
  const base = process.env.TEST_DATABASE_URL;
  const dbName = `tl_two_servers_${process.pid}`;
  let admin: Sql;
  let sql: Sql;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let env: NodeJS.ProcessEnv;
  let a: AppServer | undefined;
  let b: AppServer | undefined;
  const cookies: Record<string, string> = {};

  const start = (port: number, worker: boolean) =>
    startApp({ port, distDir: DIST_DIR, env: { ...env, JOBS_WORKER: String(worker), DATA_DIR: `.data/two-servers-${process.pid}-${port}` } });

  beforeAll(async () => {
    if (!base) throw new Error("The two-server test needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project \"servers\").");
    admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.unsafe(`create database ${dbName}`);
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
    [smtp, receiver] = await Promise.all([startSmtp(), startReceiver()]);
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: url.toString(),
      THROUGHLINE_MODE: "demo",
      // One secret for both: a session begun on one server is valid on the other.
      AUTH_SECRET: crypto.randomBytes(32).toString("hex"),
      STALE_SWEEP_MINUTES: "0",
      SMTP_URL: smtp.url,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
      APP_URL: `http://localhost:${PORT}`,
    };
    if (!REUSE) await buildApp(DIST_DIR, env);
    // A first: it migrates and (on the first sign-in) seeds the demo company; then B.
    a = await start(PORT, false);
    cookies.admin = await signIn(a.baseUrl, demoEmail("admin"), DEMO_PASSWORD);
    b = await start(PORT + 1, true);
    cookies.cco = await signIn(b.baseUrl, demoEmail("cco"), DEMO_PASSWORD);
    cookies.salesHead = await signIn(b.baseUrl, demoEmail("sales.head"), DEMO_PASSWORD);
  }, 20 * 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([smtp?.close(), receiver?.close(), sql?.end()]);
    if (admin) {
      await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
      await admin.end();
    }
  });

  const act = async (server: AppServer, page: string, file: string, name: string, input: object, cookie: string) => {
    const { status, result } = await callAction(server.baseUrl, page, actionId(DIST_DIR, file, name), [null, input], cookie, ACTION_TIMEOUT);
    expect(result, `${name} on ${server.baseUrl}: HTTP ${status}`).toMatchObject({ ok: true });
    return result!.data;
  };

  /** Stages where Sales holds no role now, with their journey, and what assigning one to Sales needs. */
  const salesTargets = async (n: number) => {
    const [sales] = await sql<{ id: string; headId: string }[]>`select d.id, d.head_user_id as "headId" from departments d where d.name = 'Sales'`;
    const stages = await sql<{ id: string; journeyId: string }[]>`
      select s.id, s.journey_id as "journeyId" from stages s
      where not s.archived and not exists (select 1 from ownership_assignments o where o.stage_id = s.id and o.department_id = ${sales!.id} and o.valid_to is null)
      order by (select j.name from journeys j where j.id = s.journey_id), s.position limit ${n}`;
    expect(stages).toHaveLength(n);
    return stages.map((s) => ({ ...s, departmentId: sales!.id, personId: sales!.headId }));
  };
  const assignToSales = (server: AppServer, t: { id: string; journeyId: string; departmentId: string; personId: string }) =>
    act(
      server,
      `/journeys/${t.journeyId}/stages/${t.id}`,
      "app/(app)/journeys/actions.ts",
      "assignOwnershipAction",
      { stageId: t.id, departmentId: t.departmentId, personId: t.personId, responsible: [], consulted: [], informed: [], reason: `Sales runs it (${server.baseUrl})` },
      cookies.cco!,
    );

  const salesHeadMails = () => smtp.mails.filter((m) => m.to.includes(demoEmail("sales.head")));
  const webhookIds = () => receiver.received.map((r) => String(r.headers["webhook-id"]));

  it(
    "an action on the server that works no jobs is notified by email and delivered as a webhook by the other, once",
    async () => {
      await act(a!, "/admin/webhooks", "app/(app)/admin/webhooks/actions.ts", "createWebhookAction", { name: "Receiver", url: receiver.url, target: "standard", eventTypes: ["ownership.changed"] }, cookies.admin!);
      const prefs = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, k === "stage_reassigned" ? "email" : "in_app"]));
      await act(b!, "/notifications/preferences", "app/(app)/notifications/actions.ts", "saveNotificationPreferencesAction", prefs, cookies.salesHead!);

      const [target] = await salesTargets(1);
      await assignToSales(a!, target!);
      // A works no jobs: whatever arrives was sent by B.
      await eventually("the webhook delivery and the email", () => receiver.received.length >= 1 && salesHeadMails().length >= 1);
      const [delivery] = await sql<{ id: string; status: string; attempts: number }[]>`select id, status, attempts from webhook_deliveries`;
      expect(delivery).toMatchObject({ status: "delivered", attempts: 1 });
      expect(webhookIds()).toEqual([delivery!.id]);
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: "ownership.changed", data: { action: "ownership.assigned", entityId: target!.id } });
      expect(salesHeadMails()).toHaveLength(1);
      expect(mailText(salesHeadMails()[0]!)).toContain(`/journeys/${target!.journeyId}/stages/${target!.id}`);
      const [n] = await sql<{ emailed: boolean }[]>`select emailed_at is not null as emailed from notifications where kind = 'stage_reassigned' and user_id = ${target!.personId}`;
      expect(n).toEqual({ emailed: true });
    },
    3 * 60_000,
  );

  it(
    "with both servers working the queue, every job of actions on either server runs exactly once",
    async () => {
      // A starts again as a worker too.
      await a!.stop();
      a = await start(PORT, true);
      const deliveredBefore = receiver.received.length;
      const mailsBefore = salesHeadMails().length;
      const targets = await salesTargets(4);
      // Two actions on each server, side by side.
      for (let i = 0; i < targets.length; i += 2) {
        await Promise.all([assignToSales(a, targets[i]!), assignToSales(b!, targets[i + 1]!)]);
      }
      const expected = deliveredBefore + targets.length;
      // Generous on a loaded machine: a send the SMTP server refused is retried after 30 s, then
      // 60 s, then 120 s. If it still gives up, the message says what had arrived and what the
      // queue and the notifications held (it timed out in two CI runs with one email missing).
      await eventually(
        () => `every delivery and email (deliveries ${receiver.received.length} of ${expected}, emails ${salesHeadMails().length} of ${mailsBefore + targets.length})`,
        () => receiver.received.length >= expected && salesHeadMails().length >= mailsBefore + targets.length,
        240_000,
      ).catch(async (e: unknown) => {
        const jobs = await sql`select name, state, retry_count as "retries", left(output::text, 300) as output from pgboss.job where name in ('email.notification', 'webhooks.deliver') order by created_on`;
        const notes = await sql`select kind, emailed_at is not null as emailed, created_at from notifications where user_id = ${targets[0]!.personId} order by created_at`;
        throw new Error(`${e instanceof Error ? e.message : String(e)}; jobs: ${JSON.stringify(jobs)}; the sales head's notifications: ${JSON.stringify(notes)}`);
      });
      // Long enough for a second worker to have sent anything twice (pg-boss polls every 2 s).
      await new Promise((r) => setTimeout(r, 5_000));
      const ids = webhookIds();
      expect(ids).toHaveLength(expected);
      expect(new Set(ids).size).toBe(expected);
      expect(salesHeadMails()).toHaveLength(mailsBefore + targets.length);
      const rows = await sql<{ status: string; attempts: number }[]>`select status, attempts from webhook_deliveries`;
      expect(rows).toHaveLength(expected);
      for (const r of rows) expect(r).toEqual({ status: "delivered", attempts: 1 });
      const jobs = await sql<{ name: string; state: string; n: number }[]>`
        select name, state, count(*)::int as n from pgboss.job where name in ('webhooks.deliver', 'email.notification') group by name, state order by name, state`;
      expect(jobs).toEqual([
        { name: "email.notification", state: "completed", n: mailsBefore + targets.length },
        { name: "webhooks.deliver", state: "completed", n: expected },
      ]);
      expect(a.alive() && b!.alive()).toBe(true);
    },
    6 * 60_000,
  );
});
