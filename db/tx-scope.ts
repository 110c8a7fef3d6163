import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "./client";

// Work running inside a transaction must use the transaction it was given. Reaching for the
// process-wide database instead waits forever on PGlite (one connection, held by the open
// transaction) and on PostgreSQL silently runs outside the transaction. Every transaction of
// a database opened by db/client.ts runs its work in this scope, and getDb() refuses inside it.
type Scope = { open: boolean };
const scope = new AsyncLocalStorage<Scope>();

export class DatabaseInsideTransactionError extends Error {
  constructor() {
    super(
      "getDb() was called inside an open transaction: use the transaction (tx) given to the work instead. " +
        "On PGlite (one connection) this call would wait forever; on PostgreSQL it would run outside the transaction.",
    );
    this.name = "DatabaseInsideTransactionError";
  }
}

export function assertOutsideTransaction(): void {
  if (scope.getStore()?.open) throw new DatabaseInsideTransactionError();
}

/** Makes every `db.transaction(work)` run `work` inside the scope; the scope closes when `work` settles. */
export function scopeTransactions(db: Db): Db {
  const begin = db.transaction.bind(db);
  db.transaction = (work, config) =>
    begin((tx) => {
      const s: Scope = { open: true };
      return scope.run(s, async () => {
        try {
          return await work(tx);
        } finally {
          // Timers or promises started by the work may outlive the transaction; they may use getDb().
          s.open = false;
        }
      });
    }, config);
  return db;
}
