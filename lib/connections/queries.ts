import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { forTenant, isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";
import { testRunSelect, toTestRunView } from "@/lib/connections/test-run-view";

export const certificateSummarySelect = {
  id: true,
  subject: true,
  subjectText: true,
  serialHex: true,
  fingerprintSha256: true,
  keySize: true,
  notBefore: true,
  notAfter: true,
  createdAt: true,
} as const;

// What a connection page shows of a connection, for customers and staff alike.
export const connectionFieldsSelect = {
  id: true,
  name: true,
  tenantId: true,
  username: true,
  clientId: true,
  instanceUrl: true,
  apiVersion: true,
  environment: true,
  myDomainOnly: true,
  orgInstanceUrl: true,
  tokenHost: true,
  audience: true,
  status: true,
  lastTestedAt: true,
  certificateExpiresAt: true,
  createdAt: true,
  // The PEM is public material; the page needs it to tell whether it fits Salesforce's 4 KB upload limit.
  certificates: { orderBy: { createdAt: "desc" }, select: { ...certificateSummarySelect, certificatePem: true } },
} as const;

export async function listConnections(tenantId: string) {
  return forTenant(getDb(), tenantId).connection.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, status: true, lastTestedAt: true, certificateExpiresAt: true, instanceUrl: true, createdAt: true },
  });
}

export async function getConnection(tenantId: string, id: string) {
  if (!isUuid(id)) return null;
  return forTenant(getDb(), tenantId).connection.findFirst({
    where: { id },
    select: { ...connectionFieldsSelect, checklist: true },
  });
}

export type ConnectionDetail = NonNullable<Awaited<ReturnType<typeof getConnection>>>;

export async function createConnection(input: { tenantId: string; name: string; actor: AuditActor; ip: string | null }) {
  const tdb = forTenant(getDb(), input.tenantId);
  const existing = await tdb.connection.findFirst({ where: { name: input.name }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", `You already have a connection named "${input.name}". Choose another name.`);
  const id = randomUUID();
  await tdb.$transaction(async (tx) => {
    await tx.connection.create({ data: { id, tenantId: input.tenantId, name: input.name }, select: { id: true } });
    await recordAudit(tx, { action: "connection.created", actor: input.actor, tenantId: input.tenantId, targetType: "connection", targetId: id, ip: input.ip, details: { name: input.name } });
  });
  return { id };
}

export async function listTestRuns(tenantId: string, connectionId: string, take = 10) {
  if (!isUuid(connectionId)) return [];
  const runs = await forTenant(getDb(), tenantId).testRun.findMany({
    where: { connectionId },
    orderBy: { startedAt: "desc" },
    take,
    select: testRunSelect,
  });
  return runs.map(toTestRunView);
}
