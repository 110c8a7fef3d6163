"use client";

import { useActionState } from "react";
import type { FormAction } from "@/components/forms/action-form";
import { FailureNextStep } from "@/components/forms/failure-next-step";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions";

export function ClaimStageForm({ action, stageId, stageName, departmentName }: { action: FormAction<{ stageId: string; departmentName: string }>; stageId: string; stageName: string; departmentName: string }) {
  const [state, formAction, pending] = useActionState<ActionResult<{ stageId: string; departmentName: string }> | null, FormData>(action, null);
  return (
    <form action={formAction} className="flex max-w-xs flex-col items-end gap-1">
      <input type="hidden" name="stageId" value={stageId} />
      <Button type="submit" size="sm" disabled={pending} aria-label={`Claim ${stageName} for ${departmentName}`}>
        {pending ? "Claiming…" : `Claim for ${departmentName}`}
      </Button>
      {state && !state.ok ? (
        <Alert tone="error">
          {state.error}{" "}
          {state.detail?.reason === "already_owned" ? (
            <a className="font-medium underline" href={`/disputes/new?kind=ownership&stageId=${stageId}`}>Raise an ownership dispute</a>
          ) : (
            <FailureNextStep failure={state} />
          )}
        </Alert>
      ) : null}
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
    </form>
  );
}

export function MoveStageButtons({ action, stageId, stageName, position, first, last }: { action: FormAction<void>; stageId: string; stageName: string; position: number; first: boolean; last: boolean }) {
  const [state, formAction, pending] = useActionState<ActionResult<void> | null, FormData>(action, null);
  return (
    <form action={formAction} className="flex flex-col items-end gap-1">
      <input type="hidden" name="stageId" value={stageId} />
      <input type="hidden" name="expectedPosition" value={position} />
      <div className="flex gap-1" role="group" aria-label={`Reorder ${stageName}`}>
        <Button type="submit" name="direction" value="up" size="sm" variant="secondary" disabled={first || pending} aria-label={`Move ${stageName} earlier`}>
          ↑ Earlier
        </Button>
        <Button type="submit" name="direction" value="down" size="sm" variant="secondary" disabled={last || pending} aria-label={`Move ${stageName} later`}>
          ↓ Later
        </Button>
      </div>
      {state && !state.ok ? <Alert tone="error">{state.error} <FailureNextStep failure={state} /></Alert> : null}
    </form>
  );
}
