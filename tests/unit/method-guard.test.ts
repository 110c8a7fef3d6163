import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installMethodGuard } from "@/lib/security/method-guard";

// A server made the way `next start` makes one (http.createServer with a request listener), after
// the guard is installed, as instrumentation.ts installs it. A method the parser knows is needed to reach it.
let server: http.Server;
let port: number;
const seen: string[] = [];

beforeAll(async () => {
  installMethodGuard();
  installMethodGuard(); // twice is once
  server = http.createServer((req, res) => {
    seen.push(req.method!);
    res.end("handled");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string): Promise<{ status: number; allow?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: "/dashboard" }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, allow: res.headers.allow, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the method guard", () => {
  it("answers TRACE 405 with Allow, before the server's own handler", async () => {
    const res = await send("TRACE");
    expect(res.status).toBe(405);
    expect(res.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(res.body).toBe("TRACE is not a method this server answers.");
    // TRACK never reaches a handler: Node's parser refuses it.
    expect((await send("TRACK")).status).toBe(400);
    expect(seen).toEqual([]);
  });

  it("passes every other method on", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) expect((await send(method)).status, method).toBe(200);
    expect(seen).toEqual(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
  });
});
