"use client";

import { FailureNextStep } from "@/components/forms/failure-next-step";
import { formDataOf, useSubmission, type FormAction } from "@/components/forms/submission";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

type Claimed = { stageId: string; departmentName: string };

/**
 * A stage's claim button and what the claim came to. Rendered for every stage, claimable or not:
 * a successful claim makes the stage owned, so its button goes, but the confirmation stays
 * here until the next action on the page.
 */
export function ClaimStage({
  action,
  stageId,
  stageName,
  departmentName,
  claimable,
  className,
}: {
  action: FormAction<Claimed>;
  stageId: string;
  stageName: string;
  departmentName: string | null;
  claimable: boolean;
  className?: string;
}) {
  const { outcome, pending, submit, formAction } = useSubmission(action);
  const result = outcome?.kind === "server" ? outcome.result : null;
  const showForm = claimable && departmentName !== null;
  if (!showForm && !result) return null;
  return (
    <div className={cn("flex max-w-xs flex-col items-end gap-1", className)}>
      {showForm ? (
        <form
          action={formAction}
          onSubmit={(e) => {
            e.preventDefault();
            submit(e.currentTarget, formDataOf(e));
          }}
        >
          <input type="hidden" name="stageId" value={stageId} />
          <Button type="submit" size="sm" disabled={pending} aria-label={`Claim ${stageName} for ${departmentName}`}>
            {pending ? "Claiming…" : `Claim for ${departmentName}`}
          </Button>
        </form>
      ) : null}
      {result && !result.ok ? (
        <Alert tone="error">
          {result.error}{" "}
          {result.detail?.reason === "already_owned" ? (
            <a className="font-medium underline" href={`/disputes/new?kind=ownership&stageId=${stageId}`}>Raise an ownership dispute</a>
          ) : (
            <FailureNextStep failure={result} />
          )}
        </Alert>
      ) : null}
      {result?.ok && result.message ? <Alert tone="success">{result.message}</Alert> : null}
    </div>
  );
}

export function MoveStageButtons({ action, stageId, stageName, position, first, last }: { action: FormAction<void>; stageId: string; stageName: string; position: number; first: boolean; last: boolean }) {
  const { outcome, pending, submit, formAction } = useSubmission(action);
  const result = outcome?.kind === "server" ? outcome.result : null;
  return (
    <form
      action={formAction}
      className="flex flex-col items-end gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget, formDataOf(e));
      }}
    >
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
      {result && !result.ok ? <Alert tone="error">{result.error} <FailureNextStep failure={result} /></Alert> : null}
    </form>
  );
}

/**
 * A board card's actions: its claim (for every stage, to keep the confirmation) and, for the CCO,
 * its reorder buttons. One client component per card, with only what they need as props: the
 * board has one per stage, each serialised into the page's payload.
 */
export function StageCardActions({
  claim,
  move,
  stageId,
  stageName,
  position,
  departmentName,
  claimable,
  first,
  last,
}: {
  claim: FormAction<Claimed>;
  move: FormAction<void> | null;
  stageId: string;
  stageName: string;
  position: number;
  departmentName: string | null;
  claimable: boolean;
  first: boolean;
  last: boolean;
}) {
  return (
    <div className="stage-acts">
      <ClaimStage action={claim} stageId={stageId} stageName={stageName} departmentName={departmentName} claimable={claimable} />
      {move ? <MoveStageButtons action={move} stageId={stageId} stageName={stageName} position={position} first={first} last={last} /> : null}
    </div>
  );
}
