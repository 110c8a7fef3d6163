import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WRITE_CALLERS, multipartBody, post } from "@/scripts/bench/writes";

// The bench's write client (issue 12): it must send what a browser's form sends, as a browser
// does (at most one kept-alive connection per caller, compression asked for), while costing the
// shared CPU as little as it can. The bench itself is never part of the suite; these are its pieces.

describe("multipartBody", () => {
  it("encodes fields that the platform's own form parser reads back, in order, unchanged", async () => {
    const fields = [
      ["_1_goalId", "0b977255-d34e-481c-811b-ec8f2dd7136e"],
      ["_1_note", "a note with \"quotes\", a line\r\nbreak, – and ünïcode"],
      ["_1_empty", ""],
      ["0", JSON.stringify(["$undefined", "$K1"])],
    ] as const;
    const { body, contentType } = multipartBody(fields);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=-+throughline[0-9a-f]{24}$/);
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
    expect([...form.entries()]).toEqual(fields.map(([k, v]) => [k, v]));
  });

  it("sends a value's line breaks as CR LF, as a browser does", async () => {
    const { body, contentType } = multipartBody([["note", "one\ntwo\rthree\r\nfour"]], "b0und");
    expect(body.toString()).toBe('--b0und\r\nContent-Disposition: form-data; name="note"\r\n\r\none\r\ntwo\r\nthree\r\nfour\r\n--b0und--\r\n');
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
    expect(form.get("note")).toBe("one\r\ntwo\r\nthree\r\nfour");
  });

  it("uses a new boundary each time unless one is given", () => {
    expect(multipartBody([["a", "1"]]).contentType).not.toBe(multipartBody([["a", "1"]]).contentType);
    expect(multipartBody([["a", "1"]], "b0und").body.toString()).toBe('--b0und\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b0und--\r\n');
  });

  it("refuses a name it could not write and a value holding the boundary", () => {
    expect(() => multipartBody([['say "hi"', "x"]])).toThrow(/name/);
    expect(() => multipartBody([["two\nlines", "x"]])).toThrow(/name/);
    expect(() => multipartBody([["a", "--b0und"]], "b0und")).toThrow(/boundary/);
  });
});

describe("post", () => {
  type Seen = { url?: string; length?: string; chunked: boolean; encoding?: string; body: Buffer; socket: number };
  let server: http.Server;
  let base: string;
  let sockets = 0;
  const seen: Seen[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const socket = (req.socket as unknown as { n: number }).n;
        const closeReusedBefore = seen.some((s) => s.socket === socket && s.url === "/close-reused");
        seen.push({ url: req.url, length: req.headers["content-length"], chunked: req.headers["transfer-encoding"] === "chunked", encoding: req.headers["accept-encoding"], body: Buffer.concat(chunks), socket });
        if (req.url === "/silent") return;
        // A connection's second request to /close-reused: the server drops the connection
        // unanswered, as a server whose idle timeout fired just then would.
        if (req.url === "/close-reused" && closeReusedBefore) return req.socket.destroy();
        if (req.url === "/gzip") {
          res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" });
          return res.end(zlib.gzipSync("compressed answer"));
        }
        res.writeHead(req.url === "/refused" ? 401 : 200, { "content-type": "text/plain" });
        res.end(`answer to ${req.url}`);
      });
    });
    server.on("connection", (s) => Object.assign(s, { n: ++sockets }));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  it("sends the whole body with its length in bytes and asks for compression, and returns the status and text", async () => {
    const body = Buffer.from('{"note":"ünïcode – 3 bytes"}');
    expect(await post("/a", { "Content-Type": "application/json" }, body, { base })).toEqual({ status: 200, text: "answer to /a" });
    expect(await post("/refused", {}, Buffer.from("x"), { base })).toEqual({ status: 401, text: "answer to /refused" });
    const first = seen.find((s) => s.url === "/a")!;
    expect(first).toMatchObject({ length: String(body.length), chunked: false, encoding: "gzip, deflate, br" });
    expect(first.body.equals(body)).toBe(true);
  });

  it("reads a compressed answer as a browser would", async () => {
    expect(await post("/gzip", {}, Buffer.from("x"), { base })).toEqual({ status: 200, text: "compressed answer" });
  });

  it("uses at most one connection per caller, and keeps them for the next POSTs", async () => {
    const before = sockets;
    await Promise.all(Array.from({ length: WRITE_CALLERS + 5 }, (_, i) => post(`/c${i}`, {}, Buffer.from("x"), { base })));
    const opened = sockets - before;
    expect(opened).toBeGreaterThan(0);
    expect(opened).toBeLessThanOrEqual(WRITE_CALLERS);
    for (let i = 0; i < 5; i++) await post(`/s${i}`, {}, Buffer.from("x"), { base });
    expect(sockets - before).toBe(opened);
  });

  it("retries once on a new connection when the server drops a kept-alive one as it is reused", async () => {
    // Sequential POSTs: the second reuses the first one's connection, which the server drops.
    const a = await post("/close-reused", {}, Buffer.from("x"), { base });
    const b = await post("/close-reused", {}, Buffer.from("x"), { base });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(seen.filter((s) => s.url === "/close-reused").length).toBe(3);
  });

  it("gives up when no answer comes within its time, and when the server cannot be reached", async () => {
    await expect(post("/silent", {}, Buffer.from("x"), { base, timeoutMs: 200 })).rejects.toThrow(/no answer within 0.2 s/);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(post("/x", {}, Buffer.from("x"), { base: `http://127.0.0.1:${port}` })).rejects.toThrow();
  });
});
