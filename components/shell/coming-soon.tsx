import { PageHeader } from "@/components/ui/card";

/** An honest placeholder for an area that is planned but not built: no fake data. */
export function ComingSoon({ title, summary, planned }: { title: string; summary: string; planned: string[] }) {
  return (
    <>
      <PageHeader title={title} description={summary} />
      <section aria-labelledby="coming-soon" className="rounded-lg border border-dashed border-slate-300 bg-white p-6">
        <h2 id="coming-soon" className="font-semibold text-slate-900">Coming soon</h2>
        <p className="mt-1 text-sm text-slate-600">This area is not built yet. When it is, it will let you:</p>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
          {planned.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
