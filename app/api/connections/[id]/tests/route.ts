import { route } from "@/lib/auth/route";
import { prepareTestRun } from "@/lib/connections/run-connection-test";
import { stepFor } from "@/lib/connections/test-run-view";

// Starts Test connection and streams its progress as NDJSON: {"type":"step",...} lines, then {"type":"done","run":...}.
// Customers test their tenant's connections; staff with tests:run-any test any (recorded as themselves).
export const POST = route({ access: "signed-in", json: true }, async ({ user, params, ip }) => {
  const prepared = await prepareTestRun({ user, connectionId: params.id ?? "", ip });
  // A customer never reads a provider-side fix (the portal's clock, network or proxy); staff do.
  const audience = user.role === "customer" ? "customer" : "staff";
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: object) => {
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          // The browser went away; the run still finishes and is recorded.
        }
      };
      send({ type: "started", runId: prepared.runId });
      const run = await prepared.execute((step) =>
        send({ type: "step", step: stepFor(step, audience, prepared.runId) }),
      );
      send({ type: "done", run });
      try {
        controller.close();
      } catch {
        // Already closed by a disconnect.
      }
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
