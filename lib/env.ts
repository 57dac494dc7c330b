import "server-only";
import { z } from "zod";
import { parseExtraOrigins, parseTestLoginOrigins } from "@/lib/salesforce/test-origins";
import { parseProxyUrl } from "@/lib/salesforce/proxy";

// One schema for every environment variable the portal reads; parsed once, on first use.

const required = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? `is required: ${what}` : `must be text: ${what}`),
});

const base64Key = z
  .string(required("base64 of 32 random bytes. Generate one with: openssl rand -base64 32"))
  .refine((v) => decodedLength(v) === 32, {
    message: "must be base64 of exactly 32 random bytes. Generate one with: openssl rand -base64 32",
  });

// Test/development switch only: lets Test connection reach a local fake Salesforce. Empty by default.
const origins = z
  .string()
  .optional()
  .transform((v, ctx) => {
    try {
      return parseExtraOrigins(v);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

// Egress proxy for Salesforce requests; lib/salesforce/outbound.ts reads it with the same parser.
const proxyUrl = (variable: string) =>
  z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      if (v === undefined) return;
      try {
        parseProxyUrl(v, variable);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    });

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string(required("npm start sets it for the embedded database; set it yourself to use an external PostgreSQL"))
    .regex(
      /^postgres(ql)?:\/\//,
      "must be a postgresql:// connection string, e.g. postgresql://user:pass@host:5432/portal",
    ),
  PORTAL_MASTER_KEY: base64Key,
  PORTAL_PREVIOUS_MASTER_KEYS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((keys) => keys.every((k) => decodedLength(k) === 32), {
      message: "must be a comma-separated list of base64 keys of exactly 32 bytes each",
    }),
  NEXTAUTH_SECRET: z
    .string(required("at least 32 characters. Generate one with: openssl rand -base64 32"))
    .min(32, "must be at least 32 characters. Generate one with: openssl rand -base64 32"),
  NEXTAUTH_URL: z.url("must be the portal's public URL, e.g. https://portal.example.com").optional(),
  SALESFORCE_EXTRA_ALLOWED_ORIGINS: origins,
  HTTPS_PROXY: proxyUrl("HTTPS_PROXY"),
  https_proxy: proxyUrl("https_proxy"),
  NO_PROXY: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .refine((v) => [null, "off"].includes(tlsParam(v)) && !(v.startsWith("smtps:") && tlsParam(v)), {
      message: "accepts one option, ?tls=off on smtp:// (clear text); without it TLS is required",
    })
    .optional(),
  // Behind N reverse proxies that each append to X-Forwarded-For; 0: no proxy, the header is not trusted.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  SMTP_FROM: z.string().optional(),
  // Staff addresses that get every tenant's connection notifications (lib/notifications), comma-separated.
  PORTAL_STAFF_NOTIFY: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((a) => z.email().safeParse(a).success), {
      message: "must be a comma-separated list of plain email addresses, e.g. oncall@example.com,support@example.com",
    }),
  // Abuse bound, not a product tier: support raises it for a customer who needs more.
  MAX_CONNECTIONS_PER_TENANT: z.coerce
    .number("must be a whole number of connections, e.g. 50")
    .int("must be a whole number of connections, e.g. 50")
    .min(1, "must be at least 1")
    .max(100_000, "must be at most 100000")
    .default(50),
  // Certificates one tenant may generate per hour, in RSA-2048 units (an RSA-4096 key counts as 4).
  CERTIFICATES_PER_TENANT_PER_HOUR: z.coerce
    .number("must be a whole number of certificates, e.g. 12")
    .int("must be a whole number of certificates, e.g. 12")
    .min(4, "must be at least 4 (one RSA-4096 certificate)")
    .max(10_000, "must be at most 10000")
    .default(12),
  // Pre-generated RSA-2048 keys kept ready (lib/crypto/key-pool.ts); 0 turns the pool off.
  KEY_POOL_SIZE: z.coerce
    .number("must be a whole number of keys, e.g. 20")
    .int("must be a whole number of keys, e.g. 20")
    .min(0, "must be 0 (no pool) or more")
    .max(1000, "must be at most 1000")
    .default(20),
  // web: pages and API only; worker: background jobs only (npm run worker); all: both in one process.
  PORTAL_ROLE: z.enum(["web", "worker", "all"], "must be web, worker or all").default("all"),
  // Jobs (scheduled re-tests) one worker runs at once; each holds a database connection while it runs.
  PORTAL_WORKER_CONCURRENCY: z.coerce
    .number("must be a whole number of jobs, e.g. 8")
    .int("must be a whole number of jobs, e.g. 8")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .default(8),
  // How long a stopping process (SIGTERM) waits for running Test connection runs before recording them interrupted.
  PORTAL_SHUTDOWN_GRACE_MS: z.coerce
    .number("must be a number of milliseconds, e.g. 30000")
    .int("must be a whole number of milliseconds, e.g. 30000")
    .min(0, "must be 0 or more")
    .max(600_000, "must be at most 600000 (10 minutes)")
    .default(30_000),
  // Webhooks to private, loopback or link-local addresses, and over plain http: for a receiver on the same network.
  PORTAL_WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1"], "must be 1 (allow private addresses) or 0").default("0"),
  // When set, webhook URLs must be on one of these hosts: `hooks.example.com`, or `.example.com` for its subdomains.
  PORTAL_WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((list) => list.every((h) => /^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(h)), {
      message: "must be a comma-separated list of host names, e.g. hooks.example.com,.siem.example.net",
    }),
  // Bearer token for /api/metrics (Prometheus); unset: the route answers 404.
  PORTAL_METRICS_TOKEN: z
    .string()
    .min(32, "must be at least 32 characters. Generate one with: openssl rand -base64 32")
    .optional(),
  // lib/logger.mjs reads these two itself (it starts before this schema); listed here so a typo stops the start.
  PORTAL_LOG_LEVEL: z
    .enum(
      ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
      "must be one of fatal, error, warn, info, debug, trace, silent",
    )
    .default("info"),
  PORTAL_LOG_FORMAT: z.enum(["json", "pretty"], "must be json or pretty").optional(),
  // Test-only, parsed below against SALESFORCE_EXTRA_ALLOWED_ORIGINS.
  SALESFORCE_TEST_LOGIN_ORIGINS: z.string().optional(),
});

// Rules that span variables.
const checkedEnvSchema = envSchema.transform((env, ctx) => {
  try {
    return {
      ...env,
      SALESFORCE_TEST_LOGIN_ORIGINS: parseTestLoginOrigins(
        env.SALESFORCE_TEST_LOGIN_ORIGINS,
        env.SALESFORCE_EXTRA_ALLOWED_ORIGINS,
      ),
    };
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      path: ["SALESFORCE_TEST_LOGIN_ORIGINS"],
      message: (error as Error).message.replace(/^SALESFORCE_TEST_LOGIN_ORIGINS:? ?/, ""),
    });
    return z.NEVER;
  }
});

export type Env = z.output<typeof checkedEnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = checkedEnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example and the README.`);
}

export class EnvError extends Error {
  override name = "EnvError";
}

function tlsParam(url: string): string | null {
  return URL.canParse(url) ? new URL(url).searchParams.get("tls") : null;
}

function decodedLength(value: string): number {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value.trim())) return -1;
  return Buffer.from(value.trim(), "base64").length;
}
