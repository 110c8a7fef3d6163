"use client";

export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white">
      Print or save as PDF
    </button>
  );
}
