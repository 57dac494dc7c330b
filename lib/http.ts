import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { isAppError } from "@/lib/errors";

// Route handlers: AppError → its status and message; anything else → 500 with a reference, details only in the log.
export function errorResponse(error: unknown): NextResponse {
  if (isAppError(error)) return NextResponse.json({ error: error.code, message: error.message }, { status: error.status });
  const requestId = randomUUID();
  console.error(`[portal] request failed (request ${requestId}):`, error instanceof Error ? `${error.name}: ${error.message}` : "unknown error");
  return NextResponse.json({ error: "INTERNAL", message: `Something went wrong on our side (reference ${requestId}).` }, { status: 500 });
}

export function notFoundResponse(): NextResponse {
  return NextResponse.json({ error: "NOT_FOUND", message: "Not found." }, { status: 404 });
}
