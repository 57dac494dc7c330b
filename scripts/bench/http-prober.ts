// Polls a few URLs of a running portal side by side and keeps every answer, for the fault benchmark: what a client saw
// (status, or "timeout"/"refused"), when, and how long it waited. A hang shows as "timeout" after HANG_MS.
const HANG_MS = 10_000;

export type Probe = { url: string; at: number; status: number | "timeout" | "refused"; ms: number; body: string };

export function startProber(targets: Record<string, string>, headers: Record<string, string>, everyMs = 100) {
  const probes: Record<string, Probe[]> = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  let running = true;
  const loops = Object.entries(targets).map(async ([name, url]) => {
    while (running) {
      const at = Date.now();
      const probe = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(HANG_MS) }).then(
        async (r) => ({ url, at, status: r.status, ms: Date.now() - at, body: await r.text() }),
        (error: Error) => ({
          url,
          at,
          status: error.name === "TimeoutError" ? ("timeout" as const) : ("refused" as const),
          ms: Date.now() - at,
          body: "",
        }),
      );
      probes[name]!.push(probe);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  });
  return {
    probes,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

// "200×12, 503×30": the answers between two instants, in the order they first appeared.
export function statusCounts(probes: Probe[], from: number, to: number): string {
  const counts = new Map<string, number>();
  for (const p of probes.filter((p) => p.at >= from && p.at < to))
    counts.set(String(p.status), (counts.get(String(p.status)) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${status}×${n}`).join(", ") || "none";
}

// The first instant after `from` from which every answer was 200.
export function servingAgainAt(probes: Probe[], from: number): number | null {
  const after = probes.filter((p) => p.at + p.ms >= from);
  const lastBad = after.findLastIndex((p) => p.status !== 200);
  const first = after[lastBad + 1];
  return first ? first.at + first.ms : null;
}
