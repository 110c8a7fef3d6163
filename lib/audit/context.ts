import { AsyncLocalStorage } from "node:async_hooks";

// Which REST API token the current request came through, if any. The API's route wrapper runs
// each call inside `withApiToken`; recordAudit stamps every event of that call with the token,
// so a write audited deep inside a shared lib/ command still says it came through the API,
// without any command taking a new parameter.
const store = new AsyncLocalStorage<{ tokenId: string }>();

export function withApiToken<T>(tokenId: string, work: () => Promise<T>): Promise<T> {
  return store.run({ tokenId }, work);
}

export function currentApiTokenId(): string | null {
  return store.getStore()?.tokenId ?? null;
}
