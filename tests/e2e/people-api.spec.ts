import { expect, test } from "@playwright/test";
import { HttpClient } from "./http";

// The assignment and decision forms load a department's people when it is chosen
// (/api/people), instead of every page carrying the whole company's people.

async function client(key?: string): Promise<HttpClient> {
  const c = new HttpClient();
  if (key) await c.signIn(key);
  return c;
}

/** A department's id from the dashboard's department filter. */
async function departmentId(c: HttpClient, name: string): Promise<string> {
  const html = (await c.get("/dashboard")).text;
  const id = new RegExp(`<option value="([0-9a-f-]{36})">${name}</option>`).exec(html)?.[1];
  expect(id, `the ${name} department on the dashboard`).toBeTruthy();
  return id!;
}

test("a department's people load for those who may choose the accountable person, and for nobody else", async () => {
  const cco = await client("cco");
  const sales = await departmentId(cco, "Sales");
  const reply = await cco.get(`/api/people?departmentId=${sales}`);
  expect(reply.status).toBe(200);
  const people = JSON.parse(reply.text) as { id: string; name: string; departmentId: string; role: string }[];
  expect(people.length).toBeGreaterThan(0);
  expect(people.every((p) => p.departmentId === sales)).toBe(true);
  expect(people.some((p) => p.role === "head")).toBe(true);

  expect((await cco.get("/api/people")).status).toBe(400);
  expect((await cco.get("/api/people?departmentId=not-a-department")).status).toBe(400);
  expect((await cco.get(`/api/people?departmentId=${sales}&departmentId=${sales}`)).status).toBe(400);
  expect(JSON.parse((await cco.get("/api/people?departmentId=00000000-0000-4000-8000-000000000000")).text)).toEqual([]);

  expect((await (await client("sales.member")).get(`/api/people?departmentId=${sales}`)).status).toBe(403);
  // Signed out, the request guard sends the caller to sign in before the handler runs.
  const anonymous = await (await client()).fetch(`/api/people?departmentId=${sales}`);
  expect(anonymous.status).toBe(307);
  expect(anonymous.headers.get("location")).toContain("/sign-in");
});
