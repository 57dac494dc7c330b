import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";

// Every query on tenant data goes through this client. For the tenant-owned models it puts the tenant into every
// `where`, and into the `data` of every create, update and upsert: a guessed id of another tenant matches nothing
// (callers answer 404), and a write can neither name another tenant nor move a row out of this one. The database adds
// the last guarantee: certificates and test runs reference connections(id, tenant_id), so a child created under
// another tenant's connection fails there, and this client answers it as not found.

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
const CREATE_OPERATIONS = new Set(["create", "createMany", "createManyAndReturn"]);
const UPDATE_OPERATIONS = new Set(["update", "updateMany", "updateManyAndReturn"]);

// Writes may name scalar columns only: a nested relation write (`tenant: { connect }`, `connection: { update }`)
// would reach rows this client cannot scope.
const SCALARS = {
  connection: new Set<string>(Object.values(Prisma.ConnectionScalarFieldEnum)),
  certificate: new Set<string>(Object.values(Prisma.CertificateScalarFieldEnum)),
  testRun: new Set<string>(Object.values(Prisma.TestRunScalarFieldEnum)),
  invitation: new Set<string>(Object.values(Prisma.InvitationScalarFieldEnum)),
};
type Model = keyof typeof SCALARS;

// Rows that belong to a connection: the composite foreign key refuses another tenant's connection.
const CHILDREN = new Set<Model>(["certificate", "testRun"]);
const CONNECTION_NOT_FOUND = "This connection does not exist or you do not have access to it.";

type Row = Record<string, unknown>;
type Args = { where?: Row; data?: unknown; create?: Row; update?: Row };

function refuse(model: Model, operation: string, why: string): never {
  throw new Error(`forTenant: ${model}.${operation} ${why}`);
}

// The row's data with tenantId forced to the scoped tenant; another tenant, or a relation write, is refused.
function scopeData(tenantId: string, model: Model, operation: string, data: unknown): Row {
  const row = (data ?? {}) as Row;
  const relation = Object.keys(row).find((key) => !SCALARS[model].has(key));
  if (relation) refuse(model, operation, `may not write "${relation}": write scalar columns only`);
  const given = row.tenantId;
  const value = given && typeof given === "object" && "set" in given ? (given as { set: unknown }).set : given;
  if (value !== undefined && value !== tenantId) refuse(model, operation, "may not write another tenant's id");
  return { ...row, tenantId };
}

function scopeArgs(tenantId: string, model: Model, operation: string, input: unknown): Args {
  const args = (input ?? {}) as Args;
  const next: Args = { ...args };
  if (!WHERE_OPERATIONS.has(operation) && !CREATE_OPERATIONS.has(operation)) {
    refuse(model, operation, "is not tenant-scoped");
  }
  if (WHERE_OPERATIONS.has(operation)) next.where = { ...args.where, tenantId };
  if (operation === "create" || UPDATE_OPERATIONS.has(operation)) {
    next.data = scopeData(tenantId, model, operation, args.data);
  }
  if (operation === "createMany" || operation === "createManyAndReturn") {
    const rows = Array.isArray(args.data) ? (args.data as unknown[]) : [args.data];
    next.data = rows.map((row) => scopeData(tenantId, model, operation, row));
  }
  if (operation === "upsert") {
    next.create = scopeData(tenantId, model, operation, args.create);
    next.update = scopeData(tenantId, model, operation, args.update);
  }
  return next;
}

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003";
}

function scoped(tenantId: string, model: Model) {
  return async ({ operation, args, query }: { operation: string; args: unknown; query: (a: never) => unknown }) => {
    try {
      return await query(scopeArgs(tenantId, model, operation, args) as never);
    } catch (error) {
      // Another tenant's (or a deleted) connection: the composite key refused it; the caller answers 404.
      if (CHILDREN.has(model) && isForeignKeyViolation(error)) throw new AppError("NOT_FOUND", CONNECTION_NOT_FOUND);
      throw error;
    }
  };
}

export function forTenant(db: Db, tenantId: string) {
  if (!tenantId) throw new Error("forTenant needs a tenant id");
  return db.$extends({
    name: "tenant-scope",
    query: {
      connection: { $allOperations: scoped(tenantId, "connection") },
      certificate: { $allOperations: scoped(tenantId, "certificate") },
      testRun: { $allOperations: scoped(tenantId, "testRun") },
      invitation: { $allOperations: scoped(tenantId, "invitation") },
    },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

// Route ids come from the URL: anything that is not a UUID is simply not found.
export function isUuid(value: string | undefined | null): value is string {
  return typeof value === "string" && UUID.test(value);
}
