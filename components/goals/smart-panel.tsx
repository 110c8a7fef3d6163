import { SMART_NAMES, type SmartLetter, type SmartResult } from "@/lib/goals/rules";

const LETTERS: SmartLetter[] = ["S", "M", "A", "R", "T"];

/** The SMART check, letter by letter, each with pass/fail in words and the reason. */
export function SmartPanel({ result, live }: { result: SmartResult; live?: boolean }) {
  const passed = LETTERS.filter((l) => result[l].pass).length;
  return (
    <section aria-labelledby="smart-check" className="rounded-lg border border-slate-200 bg-slate-50 p-4">
      <h3 id="smart-check" className="text-sm font-semibold">SMART check: {passed} of 5 pass</h3>
      <ul className="mt-2 space-y-2" aria-live={live ? "polite" : undefined}>
        {LETTERS.map((l) => (
          <li key={l} className="flex gap-2 text-sm" data-testid={`smart-${l}`}>
            <span aria-hidden className={`flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${result[l].pass ? "bg-emerald-600 text-white" : "bg-red-600 text-white"}`}>
              {l}
            </span>
            <span>
              <span className="font-medium">{SMART_NAMES[l]}: {result[l].pass ? "passes" : "fails"}.</span>{" "}
              <span className="text-slate-700">{result[l].reason}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
