import http from "node:http";

// TRACE is a method the Fetch standard forbids: Next.js builds a Request for the proxy from every
// incoming request, the Request constructor throws on it, and the server answered 500 before any
// code of ours ran (proxy.ts never sees it). No route of the app answers it, so it is refused with
// 405 as the request arrives, before Next.js is handed it. (TRACK, forbidden too, never gets this
// far: Node's HTTP parser answers it 400; CONNECT goes to the server's 'connect' event, which
// closes the socket.)
export const FORBIDDEN_METHODS = new Set(["TRACE", "TRACK"]);
export const ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

/** Answers 405 to a method no route supports; true when it did (the request is not passed on). */
export function refuseForbiddenMethod(req: Pick<http.IncomingMessage, "method">, res: Pick<http.ServerResponse, "writeHead" | "end">): boolean {
  if (!FORBIDDEN_METHODS.has((req.method ?? "").toUpperCase())) return false;
  res.writeHead(405, { allow: ALLOWED_METHODS, "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(`${req.method} is not a method this server answers.`);
  return true;
}

const installed = Symbol.for("throughline.methodGuard");

/**
 * Puts the refusal in front of every HTTP server of this process (Next.js creates its own in
 * `next start`; the prototype is patched so it applies however and whenever that is made). Once.
 */
export function installMethodGuard(): void {
  const proto = http.Server.prototype as http.Server & { [installed]?: true };
  if (proto[installed]) return;
  proto[installed] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request" && refuseForbiddenMethod(args[0] as http.IncomingMessage, args[1] as http.ServerResponse)) return true;
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
}
