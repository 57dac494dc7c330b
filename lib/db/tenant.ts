import "server-only";
import type { Db } from "@/lib/db/client";

// Every query on tenant data goes through this client: it puts the tenant in every `where` and every
// `data` of the tenant-owned models, so a guessed id of another tenant matches nothing (callers answer 404).

const WHERE_OPERATIONS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "delete",
  "deleteMany",
  "upsert",
]);

type Args = { where?: Record<string, unknown>; data?: unknown; create?: Record<string, unknown> };

function scopeArgs(tenantId: string, operation: string, input: unknown): Args {
  const args = (input ?? {}) as Args;
  const next: Args = { ...args };
  if (WHERE_OPERATIONS.has(operation)) next.where = { ...args.where, tenantId };
  if (operation === "create") next.data = { ...(args.data as Record<string, unknown>), tenantId };
  if (operation === "createMany" || operation === "createManyAndReturn") {
    const rows = Array.isArray(args.data) ? args.data : [args.data];
    next.data = rows.map((row) => ({ ...(row as Record<string, unknown>), tenantId }));
  }
  if (operation === "upsert") next.create = { ...args.create, tenantId };
  if (!WHERE_OPERATIONS.has(operation) && !operation.startsWith("create")) {
    throw new Error(`forTenant: operation ${operation} is not tenant-scoped`);
  }
  return next;
}

export function forTenant(db: Db, tenantId: string) {
  if (!tenantId) throw new Error("forTenant needs a tenant id");
  return db.$extends({
    name: "tenant-scope",
    query: {
      connection: {
        $allOperations: ({ operation, args, query }) => query(scopeArgs(tenantId, operation, args) as typeof args),
      },
      certificate: {
        $allOperations: ({ operation, args, query }) => query(scopeArgs(tenantId, operation, args) as typeof args),
      },
      testRun: {
        $allOperations: ({ operation, args, query }) => query(scopeArgs(tenantId, operation, args) as typeof args),
      },
      invitation: {
        $allOperations: ({ operation, args, query }) => query(scopeArgs(tenantId, operation, args) as typeof args),
      },
    },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

// Route ids come from the URL: anything that is not a UUID is simply not found.
export function isUuid(value: string | undefined | null): value is string {
  return typeof value === "string" && UUID.test(value);
}
