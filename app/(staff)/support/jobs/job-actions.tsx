"use client";

import { InlineActionForm, useFormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { discardJobAction, retryJobAction } from "./actions";

export function JobActions({ jobId, what }: { jobId: string; what: string }) {
  const retry = useFormAction(retryJobAction);
  const discard = useFormAction(discardJobAction);
  const error = retry.failed ?? discard.failed;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <InlineActionForm form={retry} hidden={{ jobId }}>
        <Button type="submit" variant="secondary" disabled={retry.pending || discard.pending}>
          Retry<span className="sr-only">: {what}</span>
        </Button>
      </InlineActionForm>
      <InlineActionForm form={discard} hidden={{ jobId }}>
        <Button type="submit" variant="secondary" disabled={retry.pending || discard.pending}>
          Discard<span className="sr-only">: {what}</span>
        </Button>
      </InlineActionForm>
      {error ? (
        <span role="alert" aria-label={`Action on ${what} failed`} className="text-sm text-red-700">
          {error.error}
        </span>
      ) : null}
    </div>
  );
}
