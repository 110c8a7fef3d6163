"use client";

import { LazyDetails } from "@/components/ui/lazy-details";

/**
 * The emotional curve as a table, behind "Show as a table": built only once opened, from the
 * rows' words alone, so the board does not carry a hidden table in its HTML and payload.
 */
export function EmotionTable({ rows, measured }: { rows: string[][]; measured: boolean }) {
  return (
    <LazyDetails className="mt-1" summary="Show as a table">
      {() => (
        <div className="relative mt-2 overflow-x-auto">
          <table className="ec-table text-sm">
            <caption className="sr-only">Emotion score by stage</caption>
            <thead><tr><th scope="col">Stage</th><th scope="col">Emotion</th>{measured ? <th scope="col">Measured</th> : null}</tr></thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </LazyDetails>
  );
}
