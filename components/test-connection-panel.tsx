"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { StepList, TestVerdict } from "@/components/test-run-details";
import { TEST_STEP_LABELS, TEST_STEPS } from "@/lib/salesforce/test-steps";
import type { TestRunView } from "@/lib/connections/test-run-view";
import type { Audience } from "@/lib/salesforce/errors-audience";
import type { TestStep } from "@/lib/salesforce/test-connection";

type Event = { type: "started"; runId: string } | { type: "step"; step: TestStep } | { type: "done"; run: TestRunView };

type Props = {
  connectionId: string;
  disabledReason?: string;
  linkSteps: boolean;
  audience?: Audience;
  /** The latest recorded run, shown until a new test starts: a reload keeps the verdict. */
  initialRun?: TestRunView | null;
};

const shownSteps = (run: TestRunView) => run.steps.filter((s) => s.status !== "skipped" || run.outcome !== "failed");

// Runs Test connection and shows each step as the server reports it (NDJSON stream), then the verdict.
export function TestConnectionPanel({ connectionId, disabledReason, linkSteps, audience, initialRun }: Props) {
  const router = useRouter();
  const [steps, setSteps] = useState<TestStep[]>(initialRun ? shownSteps(initialRun) : []);
  const [run, setRun] = useState<TestRunView | null>(initialRun ?? null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  // The verdict waits for the page's refresh and shows with it, in one commit: a verdict shown first would have its
  // "Go to the setup step that fixes this" link clicked while the steps above it were still unfolding, and the page
  // would move under the customer's hand.
  const [settling, settle] = useTransition();

  async function start() {
    setRunning(true);
    setSteps([]);
    setRun(null);
    setError(null);
    setAnnouncement("Test connection started.");
    // The run the stream ended with, shown once the page has caught up with it.
    let finished: TestRunView | null = null;
    try {
      const response = await fetch(`/api/connections/${connectionId}/tests`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null;
        setError(body?.message ?? `The test could not start (HTTP ${response.status}). Try again.`);
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines.filter(Boolean)) {
          const event = JSON.parse(line) as Event;
          if (event.type === "done") finished = event.run;
          else handle(event);
        }
      }
    } catch {
      setError(
        "The connection to the portal was lost during the test. Reload the page: the result is recorded in the history.",
      );
    } finally {
      const run = finished;
      settle(() => {
        setRunning(false);
        if (run) {
          setRun(run);
          setSteps(shownSteps(run));
          setAnnouncement(`Test finished: ${run.summary}`);
        }
        router.refresh();
      });
    }
  }

  function handle(event: Event) {
    if (event.type === "step") {
      setSteps((current) =>
        TEST_STEPS.map((name) => (name === event.step.name ? event.step : current.find((s) => s.name === name))).filter(
          (s): s is TestStep => Boolean(s),
        ),
      );
      if (event.step.status !== "running")
        setAnnouncement(
          `${TEST_STEP_LABELS[event.step.name].title}: ${event.step.status === "ok" ? "OK" : event.step.status}.`,
        );
    }
  }

  return (
    <div className="space-y-4">
      <div className="flex items-center gap-4">
        <Button
          type="button"
          onClick={start}
          disabled={running || settling || Boolean(disabledReason)}
          aria-describedby={disabledReason ? "test-disabled-reason" : undefined}
        >
          {running || settling ? "Testing…" : "Test connection"}
        </Button>
        {disabledReason ? (
          <p id="test-disabled-reason" className="text-sm text-slate-600">
            {disabledReason}
          </p>
        ) : null}
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {error ? (
        <Notice tone="error" title="Test connection">
          {error}
        </Notice>
      ) : null}
      {steps.length > 0 ? (
        <div className="rounded-md border border-slate-200 bg-white p-4">
          <StepList steps={steps} />
        </div>
      ) : null}
      {run ? <TestVerdict run={run} linkSteps={linkSteps} audience={audience} /> : null}
    </div>
  );
}
