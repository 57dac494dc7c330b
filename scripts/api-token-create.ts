// npm run -s api-token:create -- --name NAME --scopes connections:read,keys:read[,…] [--tenant "Tenant name"] [--expires-days N]
// The last line of stdout is the token alone (shown once; only its sha256 is stored), so a script can capture it:
//   TOKEN=$(npm run -s api-token:create -- --name collector-1 --scopes connections:read,keys:read | tail -n 1)
import { parseArgs } from "node:util";
import { z } from "zod";
import { createApiToken } from "@/lib/api/tokens";
import { createApiTokenSchema } from "@/lib/api/schemas";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { isAppError } from "@/lib/errors";
import { openCliDatabase } from "./cli-database";

const USAGE =
  'Usage: npm run -s api-token:create -- --name NAME --scopes connections:read,keys:read[,tests:run,tokens:issue] [--tenant "Tenant name"] [--expires-days N]';
let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      name: { type: "string" },
      scopes: { type: "string" },
      tenant: { type: "string" },
      "expires-days": { type: "string" },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const days = values["expires-days"];
const parsed = createApiTokenSchema.omit({ tenantId: true }).safeParse({
  name: values.name,
  scopes: values.scopes
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean),
  expiresDays: days === undefined ? null : /^\d+$/.test(days) ? Number(days) : Number.NaN,
});
if (!parsed.success) {
  for (const [field, messages] of Object.entries(
    z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
  )) {
    console.error(`--${field === "expiresDays" ? "expires-days" : field}: ${messages[0]}`);
  }
  console.error(USAGE);
  process.exit(2);
}

const database = await openCliDatabase();
const db = createDb(database.url);
try {
  await migrate(database.url);
  let tenantId: string | null = null;
  if (values.tenant !== undefined) {
    const tenant = await db.tenant.findUnique({ where: { name: values.tenant }, select: { id: true } });
    if (!tenant)
      throw new Error(
        `No tenant is named "${values.tenant}". Create it first (npm run user:create … --tenant, or the staff console).`,
      );
    tenantId = tenant.id;
  }
  const created = await createApiToken(db, { ...parsed.data, tenantId }, null, null);
  console.error(
    `Created API token "${created.name}" (${created.id}) with scopes ${created.scopes.join(", ")}${tenantId ? ` for tenant "${values.tenant}"` : " for every tenant"}${created.expiresAt ? `, expiring ${created.expiresAt.toISOString()}` : ""}.`,
  );
  console.error("It is shown once, below; store it in the collector's secret store.");
  console.log(created.token);
} catch (error) {
  console.error(
    `Could not create the API token: ${isAppError(error) || error instanceof Error ? error.message : "unknown error"}`,
  );
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await database.stop();
}
