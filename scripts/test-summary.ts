// The second check besides the exit status: a runner's own summary saying something failed. An exit hook once made
// failing vitest runs exit 0; this keeps that class of bug from passing silently again.
export function reportedFailures(output: string): string[] {
  const text = output.replace(/\x1b\[[0-9;]*m/g, "");
  const patterns = [
    /^\s*(?:Test Files|Tests)\s.*?\b([1-9]\d*) failed\b.*$/gm, // vitest
    /^\s*Errors\s+([1-9]\d*) errors?\b.*$/gm, // vitest: unhandled errors
    /^\s*([1-9]\d*) (?:failed|flaky)$/gm, // Playwright's list reporter
    /^(?:[\w-]+: )?\d+ passed, ([1-9]\d*) failed\b.*$/gm, // the plain closing line (scripts/check-exit-codes.ts)
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[0].trim()));
}
