import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { ACTIONS, API_GETS, API_POSTS, NO_INPUT_ACTIONS, PAGES, ROUTES, SEGMENTS, type ActionSpec, type FieldKind } from "./fuzz-catalog";
import { actionRef, actionResult, auditTotal, BASE_URL, HttpClient, UNEXPECTED, type Reply } from "./http";

// Generated malformed input against every server action, page and route handler of the running
// server (PRODUCT rule 8): no answer may be a 5xx or a crash, every refused action answers with
// a specific message, and nothing is written (the audit total stays put). Bounded: a fixed
// number of runs per endpoint from one seed, printed so a failure can be replayed with
// FUZZ_SEED=<seed> (FUZZ_RUNS raises or lowers the number of runs).
// Chosen once in Playwright's main process; its worker processes inherit it.
process.env.FUZZ_SEED ||= String(Math.floor(Math.random() * 2 ** 31));
const SEED = Number(process.env.FUZZ_SEED);
const RUNS = Number(process.env.FUZZ_RUNS || 8);
console.log(`fuzz: seed ${SEED}, ${RUNS} runs per endpoint (replay with FUZZ_SEED=${SEED})`);

/** A distinct, reproducible seed per endpoint, so one endpoint's failure replays alone. */
const seedFor = (name: string) => [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, SEED);
const params = (name: string) => ({ seed: seedFor(name), numRuns: RUNS, endOnFailure: true, includeErrorInReport: true });

// ── Values ───────────────────────────────────────────────────────────────────────────────
// Characters every text, id, choice, date and number field refuses. A lone surrogate survives
// only in JSON: a multipart form encodes it to U+FFFD on the way.
const POISON_FORM = ["\u0000", "\u202e", "\u202a", "\u2066", "\u2069"];
const POISON_JSON = [...POISON_FORM, "\ud800", "\udfff"];

const nasty = fc.constantFrom(
  "", " ", "$Q1", "$@99", "$$", "$K1", "$undefined", "$D", "$n1", "0000-01-01", "1899-12-31", "2024-02-30", "9999-12-31",
  "1e400", "-0", "NaN", "Infinity", "__proto__", "constructor", "null", "true", "on", "<script>alert(1)</script>",
  "'; drop table users; --", "%00", "%ff", "\\u0000", "00000000-0000-0000-0000-000000000000", "head", "draft", "accept",
  "a".repeat(5000), "é".repeat(300), "👍🏽".repeat(100), "\u200f\u061c", "\r\n\t",
);
const text = fc.oneof(nasty, fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), fc.uuid(), fc.integer().map(String));
const poisonText = (chars: string[]) =>
  fc.tuple(fc.oneof(fc.constant(""), text), fc.constantFrom(...chars), fc.oneof(fc.constant(""), text)).map(([a, c, b]) => `${a}${c}${b}`.slice(0, 20_000));
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: text },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), text, { maxKeys: 3 }),
);
// A value of the wrong type that no field accepts. (Numbers coerce true and ["5"], optional
// fields take null: those are left to the text poison. JSON writes ±Infinity as null, so a
// poisoned optional field would arrive blank, which is valid: finite numbers only.)
const wrongType = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { minKeys: 1, maxKeys: 2 }));
const poisonFor = (kind: FieldKind, json: boolean) => (json && kind !== "number" ? fc.oneof(poisonText(POISON_JSON), wrongType) : poisonText(json ? POISON_JSON : POISON_FORM));
const extraKey = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("__proto__", "constructor", "toString", "$ACTION_ID_x", "0", "_2_x"));

type Malformed = { encoding: "form" | "json" | "nojs"; entries: Array<[string, unknown]>; poisoned: string[] };

/** A request to `spec` with at least one field that must be refused, whatever the rest holds. */
function malformed(spec: ActionSpec): fc.Arbitrary<Malformed> {
  const names = Object.keys(spec.fields);
  const strict = names.filter((n) => spec.fields[n] !== "flag");
  return fc.constantFrom<Malformed["encoding"]>("form", "json", "nojs").chain((encoding) => {
    const json = encoding === "json";
    const value = json ? jsonValue : text;
    return fc
      .record({
        poisoned: fc.subarray(strict, { minLength: 1 }),
        others: fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, extraKey), value), { maxLength: names.length + 2 }),
        poisons: fc.tuple(...strict.map((n) => poisonFor(spec.fields[n]!, json))),
      })
      .map(({ poisoned, others, poisons }) => {
        const entries: Array<[string, unknown]> = json ? others.filter(([k]) => !poisoned.includes(k)) : [...others];
        for (const field of poisoned) entries.push([field, poisons[strict.indexOf(field)]]);
        return { encoding, entries, poisoned };
      });
  });
}

function send(client: HttpClient, spec: ActionSpec, m: Malformed): Promise<Reply> {
  if (m.encoding === "json") return client.action(spec.name, { json: Object.fromEntries(m.entries) });
  const form = m.entries.map(([k, v]) => [k, String(v)] as [string, string]);
  if (m.encoding === "form") return client.action(spec.name, { form });
  // The same form posted without JavaScript, as the page's HTML form would.
  const ref = actionRef(spec.name);
  const body = new FormData();
  body.append("$ACTION_REF_1", "");
  body.append("$ACTION_1:0", JSON.stringify({ id: ref.id, bound: "$@1" }));
  body.append("$ACTION_1:1", "[null]");
  body.append("$ACTION_KEY", "k0");
  for (const [k, v] of form) body.append(k, v);
  return client.fetch(ref.path, { method: "POST", body, headers: { Origin: BASE_URL } }).then(async (res) => ({
    status: res.status,
    text: await res.text(),
    contentType: res.headers.get("content-type") ?? "",
  }));
}

/** A refusal that says what was wrong: never a crash, never success, never the generic error. */
function expectRefused(reply: Reply, what: string, m?: Malformed) {
  const context = `${what}${m ? ` (${m.encoding}, poisoned ${m.poisoned.join(", ")})` : ""}: ${reply.status} ${reply.text.slice(0, 300)}`;
  expect(reply.status, context).toBeLessThan(500);
  expect(reply.text, context).not.toContain('E{"digest"');
  expect(reply.text, context).not.toContain(UNEXPECTED);
  // Without JavaScript the page renders again (or its own 404, e.g. /goals/new without a
  // stage); the result shows only where the page holds that form, so the audit total is what
  // proves nothing was written.
  if (m?.encoding === "nojs") return;
  if (reply.status !== 200) {
    // The proxy's own short refusals.
    expect([400, 403, 413], context).toContain(reply.status);
    expect(reply.contentType, context).toContain("text/plain");
    return;
  }
  const result = actionResult(reply);
  expect(result, context).not.toBeNull();
  expect(result!.ok, context).toBe(false);
  expect(result!.error, context).toBeTruthy();
  // A poisoned field is named in the field errors, with the problem in words.
  const keys = Object.keys(result!.fieldErrors ?? {});
  for (const field of m?.poisoned ?? []) expect(keys.some((k) => k === field || k.startsWith(`${field}.`)), `${context}: ${field} named`).toBe(true);
}

// ── Clients ──────────────────────────────────────────────────────────────────────────────
const clients = new Map<string, HttpClient>();
async function clientAs(key: string): Promise<HttpClient> {
  let c = clients.get(key);
  if (!c) {
    c = new HttpClient();
    if (key !== "signed-out") await c.signIn(key);
    clients.set(key, c);
  }
  return c;
}

test.describe("fuzz: server actions", () => {
  for (const spec of ACTIONS) {
    test(`${spec.name} refuses malformed input and writes nothing`, async () => {
      const [client, admin] = [await clientAs(spec.as), await clientAs("admin")];
      const before = await auditTotal(admin);
      await fc.assert(
        fc.asyncProperty(malformed(spec), async (m) => expectRefused(await send(client, spec, m), spec.name, m)),
        params(spec.name),
      );
      // Hand-made bodies: references React's client never writes, broken JSON, bytes, and
      // arguments that are not a form at all.
      const raw = fc.oneof(
        fc.array(jsonValue, { maxLength: 3 }).map((args) => JSON.stringify(args)),
        fc.constantFrom('["$undefined","$Q1"]', '["$undefined",{"name":"$@99"}]', '["$undefined","$K"]', "[", "{}", '"x"', '["$h1"]'),
        fc.uint8Array({ maxLength: 64 }).map((b) => new Blob([b])),
      );
      await fc.assert(
        fc.asyncProperty(raw, async (body) => {
          const reply = await client.action(spec.name, { json: null }, { body, headers: { "content-type": typeof body === "string" ? "text/plain;charset=UTF-8" : "application/octet-stream" } });
          if (spec.name === "markNotificationsReadAction" && actionResult(reply)?.ok) return; // an empty payload is a valid "mark all read"
          expectRefused(reply, `${spec.name} raw`);
        }),
        { ...params(`${spec.name} raw`), numRuns: Math.ceil(RUNS / 2) },
      );
      expect(await auditTotal(admin), `${spec.name}: refused requests must write nothing`).toBe(before);
    });
  }

  test("actions without input answer hand-made bodies without a crash, and sign out only when they can be read", async () => {
    // Each on its own session of a user no other fuzz test signs in as, since a readable call
    // ends it (sign out everywhere ends every session of that user).
    const unreadable = fc.oneof(
      fc.constantFrom('["$Q1"]', '["$undefined","$@99"]', '["$h1"]', "[", "{}", '"x"', "null"),
      fc
        .string({ maxLength: 20 })
        .map((t) => `[${t}`)
        .filter((t) => {
          try {
            JSON.parse(t);
            return false;
          } catch {
            return true;
          }
        }),
    );
    for (const name of NO_INPUT_ACTIONS) {
      const client = new HttpClient();
      await client.signIn("finance.head");
      await fc.assert(
        fc.asyncProperty(unreadable, async (body) => {
          const reply = await client.action(name, { json: null }, { body, headers: { "content-type": "text/plain;charset=UTF-8" } });
          expect(reply.status, `${name} ${body}`).toBe(400);
        }),
        params(`${name} unreadable`),
      );
      expect((await client.get("/dashboard")).status, `${name}: a refused request leaves the session alone`).toBe(200);
      await fc.assert(
        fc.asyncProperty(jsonValue, async (value) => {
          const caller = new HttpClient();
          await caller.signIn("finance.head");
          const reply = await caller.action(name, { json: value });
          expect(reply.status, `${name} ${JSON.stringify(value)}`).toBeLessThan(500);
          expect(reply.text).not.toContain(UNEXPECTED);
          expect((await caller.get("/dashboard")).status, `${name}: signed out`).not.toBe(200);
        }),
        { ...params(`${name} readable`), numRuns: Math.ceil(RUNS / 4) },
      );
    }
  });

  test("signed out, every action is sent to sign-in or refused", async () => {
    const anonymous = new HttpClient();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ACTIONS.filter((a) => a.as !== "signed-out")), fc.array(fc.tuple(fc.string({ maxLength: 8 }), text), { maxLength: 4 }), async (spec, form) => {
        const reply = await anonymous.action(spec.name, { form });
        expect(reply.status, `${spec.name} signed out`).toBeLessThan(500);
        if (reply.status === 200) expect(actionResult(reply)?.ok, spec.name).toBe(false);
      }),
      params("signed out"),
    );
  });
});

test.describe("fuzz: pages and route handlers", () => {
  const query = (names: string[]) =>
    fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(names.length ? names : ["x"])) }, fc.string({ maxLength: 6 })), fc.oneof(text, poisonText(POISON_FORM))), { maxLength: 4 }).map((pairs) => {
      const q = new URLSearchParams();
      for (const [k, v] of pairs) q.append(k, v);
      return q.toString();
    });

  for (const { path: template, params: names } of [...PAGES, ...ROUTES]) {
    test(`GET ${template} with malformed query parameters`, async () => {
      const client = await clientAs("admin");
      let path = template;
      if (path.includes(":journey")) {
        const id = /\/journeys\/([0-9a-f-]{36})/.exec((await client.get("/journeys")).text)?.[1];
        expect(id, "a demo journey").toBeTruthy();
        path = path.replace(":journey", id!);
      }
      await fc.assert(
        fc.asyncProperty(query(names), async (q) => {
          const reply = await client.get(`${path}?${q}`);
          expect(reply.status, `${path}?${q}`).toBeLessThan(500);
          expect(reply.text, `${path}?${q}`).not.toContain(UNEXPECTED);
        }),
        params(path),
      );
    });
  }

  test("GET pages with malformed address segments", async () => {
    const client = await clientAs("admin");
    const segment = fc.oneof(text, poisonText(POISON_FORM)).map((s) => encodeURIComponent(s).slice(0, 2000) || "x");
    const rawEscape = fc.constantFrom("%ff", "%E0%A4%A", "%", "%zz", "%c0%af", "..%2f..%2f", "%00");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SEGMENTS), fc.oneof(segment, rawEscape), async (prefix, seg) => {
        const reply = await client.get(`${prefix}${seg}`);
        expect(reply.status, `${prefix}${seg}`).toBeLessThan(500);
        expect([200, 400, 404, 307, 308], `${prefix}${seg}`).toContain(reply.status);
      }),
      { ...params("segments"), numRuns: RUNS * 3 },
    );
  });

  test("POST to Auth.js with malformed credentials writes nothing", async () => {
    const [client, admin] = [new HttpClient(), await clientAs("admin")];
    const before = await auditTotal(admin);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/api/auth/callback/credentials", "/api/auth/signin/credentials", "/api/auth/signout"), poisonText(POISON_FORM), text, async (path, email, password) => {
        const body = new URLSearchParams({ email, password, csrfToken: "x" });
        const res = await client.fetch(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
        expect(res.status, `${path} ${JSON.stringify(email)}`).toBeLessThan(500);
      }),
      params("auth.js"),
    );
    expect(await auditTotal(admin)).toBe(before);
  });
});

test.describe("fuzz: REST API v1 with a bearer token", () => {
  // An admin's personal token for the reads (admins may make every GET), and for each write a
  // token of someone whose role may make it, so the body is what must refuse. A fresh token per
  // endpoint: the per-token rate limit is never what answers.
  const tokenOf = async (key: string): Promise<string> => {
    const client = await clientAs(key);
    const reply = await client.action("createPersonalTokenAction", { form: [["name", `fuzz ${key}`], ["expiresIn", "7"]] });
    const m = /"secret":"(tl_[A-Za-z0-9_-]{43})"/.exec(reply.text);
    expect(m, `a token for ${key}`).not.toBeNull();
    return m![1]!;
  };
  const apiFetch = (token: string, path: string, init: RequestInit = {}) =>
    fetch(new URL(path, BASE_URL), { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) }, redirect: "manual" });

  test("GET every operation with malformed query parameters and path segments: never a 5xx, refusals are problem+json", async () => {
    const query = (names: string[]) =>
      fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(names.length ? names : ["x"])) }, fc.string({ maxLength: 6 })), fc.oneof(text, poisonText(POISON_FORM))), { maxLength: 4 }).map((pairs) => {
        const q = new URLSearchParams();
        for (const [k, v] of pairs) q.append(k, v);
        return q.toString();
      });
    const segment = fc.oneof(fc.uuid(), text.map((s) => encodeURIComponent(s).slice(0, 500) || "x"), fc.constantFrom("%ff", "%", "%zz", "%00"));
    for (const { path: template, params: names } of API_GETS) {
      const token = await tokenOf("admin");
      await fc.assert(
        fc.asyncProperty(query(names), segment, async (q, seg) => {
          const url = `${template.replace(":id", seg)}?${q}`;
          const res = await apiFetch(token, url);
          const body = await res.text();
          expect(res.status, `${url}: ${body.slice(0, 300)}`).toBeLessThan(500);
          expect(body, url).not.toContain(UNEXPECTED);
          // Every refusal of the API is a problem, except the proxy's own for a broken %-escape
          // and Next's 404 for an address that names no route (a ".." segment).
          const proxyRefusal = res.status === 400 && body.includes("broken %-escape");
          if (res.status >= 400 && res.status !== 404 && !proxyRefusal) expect(res.headers.get("content-type"), `${url}: ${body.slice(0, 200)}`).toContain("application/problem+json");
        }),
        params(`api ${template}`),
      );
    }
  });

  test("POST every write with malformed bodies: refused with the poisoned fields named, nothing written", async () => {
    const admin = await clientAs("admin");
    const tokens = new Map<string, string>();
    for (const { path, as } of API_POSTS) tokens.set(path, await tokenOf(as));
    const before = await auditTotal(admin);
    for (const { path, as, fields } of API_POSTS) {
      const token = tokens.get(path)!;
      const spec: ActionSpec = { name: path, as, fields };
      await fc.assert(
        fc.asyncProperty(malformed(spec).filter((m) => m.encoding === "json"), async (m) => {
          const res = await apiFetch(token, path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(Object.fromEntries(m.entries)) });
          const body = await res.text();
          const context = `${path} (poisoned ${m.poisoned.join(", ")}): ${res.status} ${body.slice(0, 300)}`;
          expect(res.status, context).toBe(400);
          expect(res.headers.get("content-type"), context).toContain("application/problem+json");
          const problem = JSON.parse(body) as { code: string; errors: Record<string, string[]> };
          expect(problem.code, context).toBe("invalid");
          const keys = Object.keys(problem.errors);
          for (const field of m.poisoned) expect(keys.some((k) => k === field || k.startsWith(`${field}.`)), `${context}: ${field} named`).toBe(true);
        }),
        params(`api ${path}`),
      );
      // Bodies that are not a JSON object, not JSON, not declared as JSON, or too large.
      const raw = fc.oneof(
        fc.constantFrom("", "[", "null", "[1]", '"x"', "1", "{", "\u0000").map((b) => ({ body: b, type: "application/json" })),
        fc.string({ maxLength: 40 }).map((b) => ({ body: b, type: "text/plain" })),
        fc.constant({ body: JSON.stringify({ title: "x".repeat(70_000) }), type: "application/json" }),
        fc.uint8Array({ maxLength: 64 }).map((b) => ({ body: new Blob([b]), type: "application/json" })),
      );
      await fc.assert(
        fc.asyncProperty(raw, async ({ body, type }) => {
          const res = await apiFetch(token, path, { method: "POST", headers: { "content-type": type }, body });
          const text = await res.text();
          expect([400, 413, 415], `${path} raw: ${res.status} ${text.slice(0, 200)}`).toContain(res.status);
          expect(res.headers.get("content-type")).toContain("application/problem+json");
        }),
        { ...params(`api ${path} raw`), numRuns: Math.ceil(RUNS / 2) },
      );
    }
    expect(await auditTotal(admin), "refused API writes must write nothing").toBe(before);
  });
});
