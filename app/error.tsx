"use client";

import { Notice } from "@/components/ui/notice";

// Unexpected server errors (the database unreachable, a bug): a message and a reference, never the error itself.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <Notice tone="error" title="Page error">
        The portal could not load this page. Try again in a moment; if it keeps happening, contact support
        {error.digest ? (
          <>
            {" "}
            with the reference <code>{error.digest}</code>
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
