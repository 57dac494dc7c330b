// Liveness: cheap on purpose (the generation benchmark measures its latency under load).
export function GET() {
  return Response.json({ ok: true });
}
