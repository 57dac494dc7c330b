import { requireUser } from "@/lib/auth/session";
import { prepareTestRun } from "@/lib/connections/test-runs";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { clientIp } from "@/lib/request";

// Starts Test connection and streams its progress as NDJSON: {"type":"step",...} lines, then {"type":"done","run":...}.
// Customers test their tenant's connections; staff with tests:run-any test any (recorded as themselves).
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser();
    // A JSON body cannot be sent cross-site without a CORS preflight, which this route never grants.
    if (!request.headers.get("content-type")?.startsWith("application/json")) {
      throw new AppError("INVALID_INPUT", "Send the request with Content-Type: application/json.");
    }
    const prepared = await prepareTestRun({ user, connectionId: (await params).id, ip: clientIp(request.headers) });
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
        const run = await prepared.execute((step) => send({ type: "step", step }));
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
      headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
