import "server-only";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";
import { collectorFiles, type CollectorFiles } from "./collector-config";
import { collectorSettings, type CollectorSettings } from "./collector-settings";
import { readCollector } from "./test-run-view";

// The collector files of one connection, from its saved fields, the token's instance_url and what the latest test
// that looked found the collector could read. `tenantId` null: any tenant (staff, global API tokens).
export async function collectorFilesFor(
  connectionId: string,
  tenantId: string | null,
  keyPath?: string,
): Promise<CollectorFiles & { connectionName: string; settings: CollectorSettings }> {
  if (!isUuid(connectionId)) throw new AppError("NOT_FOUND", "No such connection.");
  const db = getDb();
  const connection = await db.connection.findFirst({
    where: { id: connectionId, ...(tenantId ? { tenantId } : {}) },
    select: {
      name: true,
      instanceUrl: true,
      orgInstanceUrl: true,
      username: true,
      clientId: true,
      apiVersion: true,
      tokenHost: true,
      audience: true,
    },
  });
  if (!connection) throw new AppError("NOT_FOUND", "No such connection.");
  const run = await db.testRun.findFirst({
    where: { connectionId, collector: { not: Prisma.DbNull } },
    orderBy: { startedAt: "desc" },
    select: { collector: true, apiVersion: true },
  });
  const input = {
    ...connection,
    readiness: readCollector(run?.collector),
    tokenInstanceUrl: connection.orgInstanceUrl,
  };
  const files = collectorFiles(input, { ...(keyPath ? { keyPath } : {}), testedApiVersion: run?.apiVersion ?? null });
  const settings = collectorSettings(input, run?.apiVersion ?? null, keyPath);
  if (!files || !settings)
    throw new AppError(
      "CONFLICT",
      "This connection has not passed Test connection yet, so the collector's settings are not known: run it first.",
    );
  return { ...files, connectionName: connection.name, settings };
}
