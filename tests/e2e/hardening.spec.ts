import { expect, test } from "@playwright/test";
import { signInAs, unique, waitForHydration } from "./helpers";
import { actionRef, actionResult, auditTotal, BASE_URL, HttpClient, type Reply } from "./http";

// "Hardened like a system of record": the browser protections every response carries, and the
// malformed requests that used to crash the server (each one answered 500 before), over raw HTTP.

/** The visible text of an HTML answer, with React's text separators removed. */
const visible = (r: Reply) => r.text.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

const STATIC = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
};

async function headersOf(client: HttpClient, path: string, extra: Record<string, string> = {}) {
  const res = await client.fetch(path, { headers: extra });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

function expectProtected(headers: Headers, what: string) {
  for (const [name, value] of Object.entries(STATIC)) expect(headers.get(name), `${what}: ${name}`).toBe(value);
  expect(headers.get("permissions-policy"), `${what}: permissions-policy`).toMatch(/camera=\(\).*microphone=\(\)/);
  // Served over plain http (and X-Forwarded-Proto is not believed without TRUST_PROXY).
  expect(headers.get("strict-transport-security"), `${what}: no HSTS over http`).toBeNull();
}

function expectCsp(headers: Headers, what: string): string {
  const csp = headers.get("content-security-policy") ?? "";
  for (const d of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) {
    expect(csp, `${what}: ${d}`).toContain(d);
  }
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
  expect(nonce, `${what}: a nonce-based script-src`).toBeTruthy();
  expect(csp, `${what}: no inline or eval scripts`).not.toMatch(/script-src[^;]*'unsafe-/);
  return nonce!;
}

test.describe("browser protections", () => {
  test("a page, an API route, the sign-in page and a static file carry every header", async () => {
    const anonymous = new HttpClient();
    const signIn = await headersOf(anonymous, "/sign-in", { "X-Forwarded-Proto": "https" });
    expect(signIn.status).toBe(200);
    expectProtected(signIn.headers, "/sign-in");
    const nonce = expectCsp(signIn.headers, "/sign-in");
    // Next.js stamps every script of the page with this response's nonce.
    const scripts = [...signIn.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s, "each script carries the nonce").toContain(`nonce="${nonce}"`);
    expect(signIn.headers.get("content-security-policy"), "upgrade-insecure-requests only over https").not.toContain("upgrade-insecure-requests");
    expect(expectCsp((await headersOf(anonymous, "/sign-in")).headers, "second /sign-in"), "a fresh nonce per response").not.toBe(nonce);

    const admin = new HttpClient();
    await admin.signIn("admin");
    const page = await headersOf(admin, "/dashboard");
    expect(page.status).toBe(200);
    expectProtected(page.headers, "/dashboard");
    expectCsp(page.headers, "/dashboard");

    const api = await headersOf(admin, "/api/notifications");
    expect(api.status).toBe(200);
    expectProtected(api.headers, "/api/notifications");
    expectCsp(api.headers, "/api/notifications");

    const css = /href="(\/_next\/static\/[^"]+\.css)"/.exec(signIn.body)?.[1];
    expect(css, "the sign-in page links its stylesheet").toBeTruthy();
    const asset = await headersOf(anonymous, css!);
    expect(asset.status).toBe(200);
    expectProtected(asset.headers, css!);
    // Build files get a fixed policy (they skip the proxy); everything else the proxy's.
    expect(asset.headers.get("content-security-policy"), `${css}: a fixed policy`).toMatch(/^default-src 'none';.*frame-ancestors 'none'/);
    const icon = await headersOf(anonymous, "/icon.svg");
    expect(icon.status, "the app icon needs no session").toBe(200);
    expectProtected(icon.headers, "/icon.svg");
    expectCsp(icon.headers, "/icon.svg");
    const missing = await headersOf(admin, "/no-such-file.js");
    expect(missing.status).toBe(404);
    expectCsp(missing.headers, "/no-such-file.js");
  });

  test("pages work under the CSP: signing in, a refused and an accepted server-action form", async ({ page }) => {
    const violations: string[] = [];
    await page.exposeFunction("__cspViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
      });
    });
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused to (load|execute|apply|connect)/i.test(m.text())) violations.push(m.text());
    });

    // Signing in needs the hydrated form: its scripts ran under the nonce.
    await signInAs(page, "admin");
    await page.goto("/admin/departments");
    const form = page.getByRole("form", { name: "New department" });
    await waitForHydration(form);
    const nameField = form.getByLabel("Name", { exact: true });
    // A refusal: the server's schema names the field, and the form shows it (scripts ran under the nonce).
    await nameField.fill("Ops\u202eevil");
    await form.getByRole("button", { name: "Create department" }).click();
    await expect(nameField).toHaveAccessibleDescription("Remove the invisible text-direction character (U+202E) at position 4.");
    // A server action: the department is created and the page refreshed.
    const name = unique("CSP dept");
    await nameField.fill(name);
    await form.getByRole("button", { name: "Create department" }).click();
    await expect(form.getByRole("status").filter({ hasText: "Department created." })).toBeVisible();
    await expect(page.getByRole("region", { name, exact: true })).toBeVisible();
    // Another admin form hydrates.
    await page.goto("/admin/settings");
    await waitForHydration(page.getByRole("form", { name: "Settings" }));

    // The main pages, each hydrated (its scripts ran under the nonce): the bell in the header
    // is a client component on every one of them.
    const bell = page.getByRole("button", { name: /^Notifications, \d+ unread$/ });
    const journeyId = await firstJourneyId(await signedInClient("admin"));
    for (const path of ["/journeys", `/journeys/${journeyId}`, "/goals", "/disputes", "/decisions", "/audit", "/account", "/dashboard/report", "/dashboard"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
      await waitForHydration(bell);
    }
    // The dashboard's charts (SVG with inline sizes), a disclosure, and the notification panel
    // the bell opens (it fetches /api/notifications).
    await expect(page.getByRole("img", { name: /^Trends over 12 months/ })).toBeVisible();
    for (const disclosure of await page.getByText("Show as a table", { exact: true }).all()) await disclosure.click();
    await expect(page.getByRole("table", { name: "Trends by month" })).toBeVisible();
    await bell.click();
    await expect(page.getByRole("region", { name: "Notifications" })).toBeVisible();

    expect(violations, "no Content-Security-Policy violations").toEqual([]);
  });

  test("another site cannot frame the app", async ({ page }) => {
    const refused = page.waitForEvent("console", { predicate: (m) => m.text().includes("frame-ancestors") });
    await page.setContent(`<iframe title="framed" src="${BASE_URL}/sign-in"></iframe>`);
    expect((await refused).text()).toContain("frame-ancestors 'none'");
  });
});

async function signedInClient(key: string): Promise<HttpClient> {
  const client = new HttpClient();
  await client.signIn(key);
  return client;
}

async function firstJourneyId(client: HttpClient): Promise<string> {
  const list = await client.get("/journeys");
  const id = /\/journeys\/([0-9a-f-]{36})/.exec(list.text)?.[1];
  expect(id, "a demo journey").toBeTruthy();
  return id!;
}

test.describe("malformed requests that used to crash the server", () => {
  let cco: HttpClient;
  let admin: HttpClient;
  let auditBefore: number;

  test.beforeAll(async () => {
    cco = new HttpClient();
    await cco.signIn("cco");
    admin = new HttpClient();
    await admin.signIn("admin");
    auditBefore = await auditTotal(admin);
  });

  test.afterAll(async () => {
    expect(await auditTotal(admin), "none of these requests wrote anything").toBe(auditBefore);
  });

  test("year 0000 in a date filter is ignored, and the page says so", async () => {
    const journeyId = await firstJourneyId(cco);
    for (const [path, label] of [
      ["/audit?from=0000-01-01", "From"],
      ["/audit?to=0000-12-31", "To"],
      ["/decisions?from=0000-01-01", "Decided from"],
    ] as const) {
      const reply = await cco.get(path);
      expect(reply.status, path).toBe(200);
      expect(visible(reply), path).toContain(`Ignored an invalid filter: ${label} must be in a year from 1900 to 9999.`);
    }
    // The board as of a day refuses a day it cannot show, with the reason.
    const board = await cco.get(`/journeys/${journeyId}?asOf=0000-01-01`);
    expect(board.status).toBe(200);
    expect(visible(board)).toContain("“0000-01-01” is not a date. Choose a day, written YYYY-MM-DD.");
  });

  test("a NUL in a search box is ignored with its position", async () => {
    for (const [client, path] of [[cco, "/decisions?q=%00"], [admin, "/admin/users?q=ab%00"]] as const) {
      const reply = await client.get(path);
      expect(reply.status, path).toBe(200);
      expect(visible(reply), path).toMatch(/Ignored an invalid filter: Search: Remove the invisible control character \(U\+0000\) at position \d\./);
    }
  });

  test("a NUL or a text-direction character in a text field is refused, naming the field and position", async () => {
    const reply = await cco.action("createJourneyAction", { form: [["name", "On\u0000boarding"], ["status", "draft"], ["description", "x\u2066"]] });
    const result = actionResult(reply);
    expect(result?.ok).toBe(false);
    expect(result?.fieldErrors?.name).toEqual(["Remove the invisible control character (U+0000) at position 3."]);
    expect(result?.fieldErrors?.description).toEqual(["Remove the invisible text-direction character (U+2066) at position 2."]);
  });

  test("a lone surrogate in a reason is refused", async () => {
    const journeyId = await firstJourneyId(cco);
    const reply = await cco.action("archiveJourneyAction", { json: { journeyId, reason: "because \ud800" } });
    expect(actionResult(reply)?.fieldErrors?.reason).toEqual(["Remove the broken character at position 9 (half of an emoji or symbol)."]);
  });

  test("sign-in and accepting an invite answer a plain object or a bare value with field errors", async () => {
    const anonymous = new HttpClient();
    for (const json of [{ email: "someone@example.com" }, "hello", 42, ["a"]]) {
      const signIn = actionResult(await anonymous.action("signInAction", { json }));
      expect(signIn?.ok, JSON.stringify(json)).toBe(false);
      expect(signIn?.fieldErrors?.password, JSON.stringify(json)).toEqual(["Enter your password."]);
      const invite = actionResult(await anonymous.action("acceptInviteAction", { json }));
      expect(invite?.ok, JSON.stringify(json)).toBe(false);
      expect(Object.keys(invite?.fieldErrors ?? {}), JSON.stringify(json)).toEqual(expect.arrayContaining(["token", "password"]));
    }
  });

  test("a body over 1 MB gets 413 with a message", async () => {
    const reply = await cco.action("createJourneyAction", { form: [["name", "x".repeat(1_100_000)], ["status", "draft"]] });
    expect(reply.status).toBe(413);
    expect(reply.text).toContain("larger than 1 MB");
    // Without Content-Length too (a streamed body).
    const stream = new Blob([JSON.stringify(["$undefined", { name: "y".repeat(1_100_000) }])]).stream();
    const chunked = await cco.action("createJourneyAction", { json: null }, { body: stream, headers: { "content-type": "text/plain" } });
    expect(chunked.status).toBe(413);
  });

  test("TRACE gets 405 with Allow, on a page, an API route and a static file (Next.js alone answered 500)", async () => {
    const { default: http } = await import("node:http");
    const url = new URL(BASE_URL);
    for (const path of ["/dashboard", "/api/v1/journeys", "/icon.svg"]) {
      const res = await new Promise<{ status: number; allow?: string }>((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, method: "TRACE", path }, (r) => {
          r.resume();
          r.on("end", () => resolve({ status: r.statusCode!, allow: r.headers.allow }));
        });
        req.on("error", reject);
        req.end();
      });
      expect(res.status, path).toBe(405);
      expect(res.allow, path).toContain("GET");
    }
  });

  test("an address with a broken %-escape gets 400", async () => {
    for (const path of ["/journeys/%ff", "/goals/%ff", "/invite/%ff"]) {
      const reply = await cco.get(path);
      expect(reply.status, path).toBe(400);
      expect(reply.text, path).toContain("broken %-escape");
    }
  });

  test("React Flight references: plain text when a client sends them, refused with 400 when sent raw", async () => {
    for (const ref of ["$Q1", "$@99"]) {
      // Escaped as React's client does ("$$Q1"), it is just a name: only the bad status is refused.
      const asText = actionResult(await cco.action("createJourneyAction", { json: { name: ref, status: "bogus" } }));
      expect(asText?.ok, ref).toBe(false);
      expect(Object.keys(asText?.fieldErrors ?? {}), ref).toEqual(["status"]);
      const raw = await cco.action("createJourneyAction", { json: null }, { body: JSON.stringify(["$undefined", { name: ref, status: "draft" }]), headers: { "content-type": "text/plain" } });
      expect(raw.status, ref).toBe(400);
      expect(raw.text, ref).toBe("This request could not be read, so nothing was saved.");
    }
  });

  test("a form posted without JavaScript with a broken action part gets 400", async () => {
    const ref = actionRef("createJourneyAction");
    const body = new FormData();
    body.append("$ACTION_REF_1", "");
    body.append("$ACTION_1:0", JSON.stringify({ id: ref.id, bound: "$@7" }));
    body.append("name", "x");
    const res = await cco.fetch(ref.path, { method: "POST", body, headers: { Origin: BASE_URL } });
    expect(res.status).toBe(400);
  });

  test("a server action from another origin gets 403, even with a matching X-Forwarded-Host", async () => {
    const attempts: Record<string, string>[] = [{ Origin: "https://evil.example" }, { Origin: "https://evil.example", "X-Forwarded-Host": "evil.example" }, { Origin: "null" }];
    for (const headers of attempts) {
      const reply = await cco.action("createJourneyAction", { form: [["name", unique("csrf")], ["status", "draft"]] }, { headers });
      expect(reply.status, JSON.stringify(headers)).toBe(403);
      expect(reply.text).toContain("came from another site");
    }
  });
});
