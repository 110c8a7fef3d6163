"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Calls one API operation from the reference page with a token the reader pastes (kept in this
 * page only, never stored) and shows the answer. Same-origin fetch: the page's CSP allows it.
 */
export function TryOperation({ method, path, pathParams, example }: { method: "GET" | "POST"; path: string; pathParams: string[]; example: string | null }) {
  const id = useId();
  const [token, setToken] = useState("");
  const [params, setParams] = useState<Record<string, string>>({});
  const [query, setQuery] = useState("");
  const [body, setBody] = useState(example ?? "");
  const [answer, setAnswer] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send() {
    setBusy(true);
    try {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "")) + (query ? `?${query.replace(/^\?/, "")}` : "");
      const res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token.trim()}`, ...(method === "POST" ? { "content-type": "application/json" } : {}) },
        body: method === "POST" ? body : undefined,
        credentials: "omit",
      });
      const text = await res.text();
      let pretty = text;
      try {
        pretty = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // not JSON: shown as it came
      }
      setAnswer(`${res.status} ${res.statusText}\n${pretty}`);
    } catch (e) {
      setAnswer(`The request failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  const input = "w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-xs";
  return (
    <details>
      <summary className="cursor-pointer font-medium">Try it</summary>
      <div className="mt-2 space-y-2">
        <label className="block text-xs font-medium" htmlFor={`${id}-token`}>API token</label>
        <input id={`${id}-token`} type="password" autoComplete="off" className={input} value={token} onChange={(e) => setToken(e.target.value)} placeholder="tl_…" />
        {pathParams.map((p) => (
          <div key={p}>
            <label className="block text-xs font-medium" htmlFor={`${id}-${p}`}>{p}</label>
            <input id={`${id}-${p}`} className={input} value={params[p] ?? ""} onChange={(e) => setParams({ ...params, [p]: e.target.value })} />
          </div>
        ))}
        {method === "GET" ? (
          <>
            <label className="block text-xs font-medium" htmlFor={`${id}-query`}>Query string</label>
            <input id={`${id}-query`} className={input} value={query} onChange={(e) => setQuery(e.target.value)} placeholder="limit=10" />
          </>
        ) : (
          <>
            <label className="block text-xs font-medium" htmlFor={`${id}-body`}>JSON body</label>
            <textarea id={`${id}-body`} rows={8} className={input} value={body} onChange={(e) => setBody(e.target.value)} />
          </>
        )}
        <Button size="sm" variant="secondary" onClick={send} disabled={busy || !token.trim()}>
          {busy ? "Sending…" : `Send ${method}`}
        </Button>
        {answer ? <pre role="status" className="max-h-80 overflow-auto rounded-md bg-slate-50 p-3 text-xs">{answer}</pre> : null}
      </div>
    </details>
  );
}
