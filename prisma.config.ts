import { defineConfig } from "prisma/config";

// Prisma 7 reads no .env by itself; process.env (not env()) keeps `prisma generate` working when unset.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
