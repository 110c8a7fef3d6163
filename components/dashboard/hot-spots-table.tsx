"use client";

import { LazyDetails } from "@/components/ui/lazy-details";
import type { HotSpot } from "@/lib/dashboard/queries";

/** The hot spots' exact names and figures, built only when opened (the page carries the rows once, as data). */
export function HotSpotsTable({ spots }: { spots: HotSpot[] }) {
  return (
    <LazyDetails className="mt-2" summary="Show as a table">
      {() => (
        <div className="relative mt-2 overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Department pairs by number of disputes</caption>
            <thead>
              <tr><th scope="col" className="pr-2 text-left">Department</th><th scope="col" className="pr-2 text-left">With</th><th scope="col" className="px-1 text-right">Disputes</th><th scope="col" className="pl-1 text-right">Open</th></tr>
            </thead>
            <tbody>
              {spots.map((h) => (
                <tr key={`${h.a}-${h.b}`} className="row-t">
                  <td className="break-words pr-2">{h.a}</td><td className="break-words pr-2">{h.b}</td><td className="px-1 text-right tabular-nums">{h.disputes}</td><td className="pl-1 text-right tabular-nums">{h.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </LazyDetails>
  );
}
