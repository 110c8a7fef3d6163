"use client";

import { useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";

/** Download the canvas as SVG (from the server) or PNG (that SVG drawn in the browser), or print it. */
export function CanvasExport({ svgHref, fileName }: { svgHref: string; fileName: string }) {
  const [state, setState] = useState<"idle" | "working" | "failed">("idle");
  const downloadPng = async () => {
    setState("working");
    try {
      const res = await fetch(svgHref, { cache: "no-store" });
      if (!res.ok) throw new Error(String(res.status));
      const svg = await res.blob();
      const url = URL.createObjectURL(svg);
      const img = new Image();
      await new Promise<void>((resolve, reject) => {
        img.onload = () => resolve();
        img.onerror = () => reject(new Error("image"));
        img.src = url;
      });
      const scale = 2;
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth * scale;
      canvas.height = img.naturalHeight * scale;
      const ctx = canvas.getContext("2d");
      if (!ctx) throw new Error("canvas");
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
      if (!png) throw new Error("png");
      const a = document.createElement("a");
      a.href = URL.createObjectURL(png);
      a.download = `${fileName}.png`;
      document.body.append(a);
      a.click();
      a.remove();
      setState("idle");
    } catch {
      setState("failed");
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2 print:hidden">
      <a href={svgHref} download={`${fileName}.svg`} className={buttonClass("secondary", "sm")}>Download SVG</a>
      <Button type="button" variant="secondary" size="sm" onClick={downloadPng} disabled={state === "working"}>
        {state === "working" ? "Preparing PNG…" : "Download PNG"}
      </Button>
      <Button type="button" variant="secondary" size="sm" onClick={() => window.print()}>Print</Button>
      {state === "failed" ? <p role="alert" className="text-sm text-red-700">The PNG could not be made. Try the SVG download instead.</p> : null}
    </div>
  );
}
