import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multipartBody, post } from "@/scripts/bench/writes";

// The bench's write client (issue 12): it must send what a browser's form sends, as a browser
// does (one kept-alive connection per caller), while costing the shared CPU as little as it can.
// The bench itself is never part of the suite; these are its pieces.

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
  let server: http.Server;
  let base: string;
  let connections = 0;
  const seen: { method?: string; url?: string; length?: string; type?: string; body: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, length: req.headers["content-length"], type: req.headers["content-type"], body: Buffer.concat(chunks).toString() });
        res.writeHead(req.url === "/refused" ? 401 : 200, { "content-type": "text/plain" });
        res.end(`answer to ${req.url}`);
      });
    });
    server.on("connection", () => connections++);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("sends the body with its length and headers, returns the status and text, and keeps the connection", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await post(`/a${i}`, { "Content-Type": "application/json" }, Buffer.from(`{"i":${i}}`), base);
      expect(r).toEqual({ status: 200, text: `answer to /a${i}` });
    }
    expect(await post("/refused", {}, Buffer.from("x"), base)).toEqual({ status: 401, text: "answer to /refused" });
    expect(seen.slice(0, 2)).toEqual([
      { method: "POST", url: "/a0", length: "7", type: "application/json", body: '{"i":0}' },
      { method: "POST", url: "/a1", length: "7", type: "application/json", body: '{"i":1}' },
    ]);
    expect(connections).toBe(1);
  });

  it("rejects when the server cannot be reached", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(post("/x", {}, Buffer.from("x"), `http://127.0.0.1:${port}`)).rejects.toThrow();
  });
});
