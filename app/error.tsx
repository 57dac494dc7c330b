"use client";

import { useSyncExternalStore } from "react";
import { Notice } from "@/components/ui/notice";

// Unexpected server errors (the database unreachable, a bug): a message and a reference, never the error itself. The
// reference is the request's id (X-Request-Id, on every log line of that request), else Next's digest.
const noSubscription = () => () => undefined;

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  // Read from the page the server rendered (app/layout.tsx); nothing on the server's own render of this boundary.
  const requestId = useSyncExternalStore(
    noSubscription,
    () => document.querySelector<HTMLMetaElement>('meta[name="portal-request-id"]')?.content ?? null,
    () => null,
  );
  const reference = requestId ?? error.digest;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <Notice tone="error" title="Page error">
        The portal could not load this page. Try again in a moment; if it keeps happening, contact support
        {reference ? (
          <>
            {" "}
            with the reference <code data-testid="error-reference">{reference}</code>
          </>
        ) : null}
        .
      </Notice>
      <button
        type="button"
        onClick={reset}
        className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100"
      >
        Try again
      </button>
    </div>
  );
}
