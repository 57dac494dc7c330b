// npm run user:create -- --email E --password P --role customer|support|admin [--tenant "Acme Inc"]
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createDb } from "@/lib/db/client";
import { openCliDatabase, projectRoot } from "./cli-database";
import { migrate } from "@/lib/db/migrate";
import { createUser } from "@/lib/users/create-user";
import { createUserSchema } from "@/lib/users/schemas";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    password: { type: "string" },
    role: { type: "string" },
    tenant: { type: "string" },
  },
});
const parsed = createUserSchema.safeParse({ ...values, password: values.password ?? process.env.PORTAL_USER_PASSWORD });
if (!parsed.success) {
  for (const [field, messages] of Object.entries(
    z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
  )) {
    console.error(`--${field}: ${messages[0]}`);
  }
  console.error(
    'Usage: npm run user:create -- --email E --password P --role customer|support|admin [--tenant "Acme Inc"]',
  );
  process.exit(2);
}

const database = await openCliDatabase();
const db = createDb(database.url);
try {
  await migrate(database.url, path.join(projectRoot, "prisma/migrations"));
  const { user, tenant } = await createUser(db, parsed.data);
  if (tenant)
    console.log(
      tenant.created
        ? `Created tenant "${tenant.name}" (${tenant.id}).`
        : `Using existing tenant "${tenant.name}" (${tenant.id}).`,
    );
  console.log(`Created ${user.role} user ${user.email} (${user.id}).`);
} catch (error) {
  console.error(`Could not create the user: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await database.stop();
}
