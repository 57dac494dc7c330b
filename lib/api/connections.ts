import "server-only";
import { type z } from "zod";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";
import type { ApiPrincipal } from "./authenticate-token";
import { type listConnectionsQuerySchema, type ConnectionDto } from "./schemas";

// What the API says about a connection. The zod schemas are the contract: they validate the requests and the
// OpenAPI document is generated from them (lib/api/openapi.ts).

const select = {
  id: true,
  name: true,
  status: true,
  username: true,
  clientId: true,
  instanceUrl: true,
  orgInstanceUrl: true,
  apiVersion: true,
  tokenHost: true,
  audience: true,
  updatedAt: true,
  lastTestedAt: true,
  lastTestRunId: true,
  tenant: { select: { id: true, name: true } },
  certificates: {
    where: { status: "active" as const },
    select: { id: true, fingerprintSha256: true, notAfter: true },
  },
} as const;

type Row = {
  lastTestRunId: string | null;
  lastTestedAt: Date | null;
  updatedAt: Date;
  certificates: { id: string; fingerprintSha256: string; notAfter: Date }[];
} & Omit<ConnectionDto, "lastTest" | "certificate" | "updatedAt">;

async function toDtos(rows: Row[]): Promise<ConnectionDto[]> {
  const runIds = rows.map((r) => r.lastTestRunId).filter((id): id is string => id !== null);
  const runs = runIds.length
    ? await getDb().testRun.findMany({
        where: { id: { in: runIds } },
        select: { id: true, outcome: true, summary: true, finishedAt: true },
      })
    : [];
  const byId = new Map(runs.map((r) => [r.id, r]));
  return rows.map(({ lastTestRunId, lastTestedAt, certificates, updatedAt, ...c }) => {
    const run = lastTestRunId ? byId.get(lastTestRunId) : undefined;
    const cert = certificates[0];
    return {
      ...c,
      updatedAt: updatedAt.toISOString(),
      lastTest:
        run && lastTestedAt ? { at: lastTestedAt.toISOString(), outcome: run.outcome, summary: run.summary } : null,
      certificate: cert
        ? { id: cert.id, fingerprintSha256: cert.fingerprintSha256, notAfter: cert.notAfter.toISOString() }
        : null,
    };
  });
}

// Keyset cursor over (updatedAt, id): stable while rows change, and cheap on deep pages.
function encodeCursor(row: { updatedAt: Date; id: string }): string {
  return Buffer.from(`${row.updatedAt.toISOString()}|${row.id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const updatedAt = new Date(at ?? "");
  if (!isUuid(id) || Number.isNaN(updatedAt.getTime()))
    throw new AppError("INVALID_INPUT", "cursor is not one this API returned; start again without it.");
  return { updatedAt, id };
}

/** Tenant-scoped tokens see their tenant only; global tokens see every tenant. Ordered by updatedAt, then id. */
export async function listConnectionsForApi(
  principal: ApiPrincipal,
  query: z.output<typeof listConnectionsQuerySchema>,
) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = (await getDb().connection.findMany({
    where: {
      ...(principal.tenantId ? { tenantId: principal.tenantId } : {}),
      ...(query.status ? { status: query.status } : {}),
      AND: [
        query.updatedSince ? { updatedAt: { gte: new Date(query.updatedSince) } } : {},
        after
          ? { OR: [{ updatedAt: { gt: after.updatedAt } }, { updatedAt: after.updatedAt, id: { gt: after.id } }] }
          : {},
      ],
    },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
    select,
  })) as Row[];
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { items: await toDtos(page), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

/** One connection the token may see; anything else (another tenant's, a malformed id) is a 404. */
export async function getConnectionForApi(principal: ApiPrincipal, id: string): Promise<ConnectionDto> {
  if (!isUuid(id)) throw new AppError("NOT_FOUND", "No such connection.");
  const row = (await getDb().connection.findFirst({
    where: { id, ...(principal.tenantId ? { tenantId: principal.tenantId } : {}) },
    select,
  })) as Row | null;
  if (!row) throw new AppError("NOT_FOUND", "No such connection.");
  const [dto] = await toDtos([row]);
  return dto as ConnectionDto;
}
