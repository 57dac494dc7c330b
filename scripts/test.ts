// `npm test`: the whole suite, in the order that fails fastest. Exits non-zero if any step fails.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";
import { reportedFailures } from "./test-summary";

const EXTERNAL_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres";

type Step = { name: string; command: string[]; env?: Record<string, string> };

async function externalDatabase(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL ?? EXTERNAL_DEFAULT;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Playwright cannot download its browser here; Debian's chromium works. Install it when we can (root on Debian).
function ensureChromium(): void {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH || existsSync("/usr/bin/chromium")) return;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("[test] installing Debian's chromium for the end-to-end journeys (apt-get)");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
    if (existsSync("/usr/bin/chromium")) return;
  }
  console.error(
    "[test] Chromium is missing: run `sudo apt-get install -y chromium`, or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary.",
  );
  process.exit(1);
}

ensureChromium();

const steps: Step[] = [
  { name: "typecheck", command: ["npx", "tsc", "--noEmit", "-p", "."] },
  { name: "lint (type-aware)", command: ["npx", "eslint", "."] },
  { name: "format check (Prettier)", command: ["npx", "prettier", "--check", "."] },
  { name: "unused files, exports and dependencies (knip)", command: ["npx", "knip"] },
  // Before anything trusts an exit status: failing tests and failing CLIs must exit non-zero.
  { name: "exit-code gate", command: ["npx", "tsx", "--conditions=react-server", "scripts/check-exit-codes.ts"] },
  {
    name: "first start as root from a private folder",
    command: ["npx", "tsx", "--conditions=react-server", "scripts/check-root-start.ts"],
  },
  { name: "unit tests", command: ["npx", "vitest", "run", "--project", "unit"] },
  // Without TEST_DATABASE_URL the integration tests start a throwaway embedded PostgreSQL.
  {
    name: "integration tests (embedded PostgreSQL)",
    command: ["npx", "vitest", "run", "--project", "integration"],
    env: { TEST_DATABASE_URL: "" },
  },
];

const external = await externalDatabase();
if (external) {
  const shown = new URL(external);
  shown.password = shown.password ? "***" : "";
  steps.push({
    name: `integration tests (external PostgreSQL at ${shown.host})`,
    command: ["npx", "vitest", "run", "--project", "integration"],
    env: { TEST_DATABASE_URL: external },
  });
} else {
  console.log(
    `[test] no PostgreSQL answers at ${process.env.TEST_DATABASE_URL ? "TEST_DATABASE_URL" : "127.0.0.1:5432"}: the external-database pass is skipped.`,
  );
}
steps.push({ name: "production build", command: ["npm", "run", "build"] });
// The container image's contents, started as its CMD starts them, on the external PostgreSQL (no engine needed).
steps.push({
  name: "standalone server smoke journey (the container's command)",
  command: ["npx", "tsx", "--conditions=react-server", "scripts/check-standalone.ts"],
});
steps.push({ name: "end-to-end journeys (Chromium)", command: ["npx", "playwright", "test"] });

// Runs a step with its output shown as it comes and kept for reportedFailures().
function runStep(step: Step): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(step.command[0]!, step.command.slice(1), {
      stdio: ["inherit", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...step.env },
    });
    let output = "";
    const keep = (chunk: Buffer, into: NodeJS.WriteStream) => {
      into.write(chunk);
      output = (output + chunk.toString("utf8")).slice(-200_000);
    };
    child.stdout.on("data", (c: Buffer) => keep(c, process.stdout));
    child.stderr.on("data", (c: Buffer) => keep(c, process.stderr));
    child.on("error", (e) => resolve({ status: null, output: `${output}\n${e.message}` }));
    child.on("close", (status) => resolve({ status, output }));
  });
}

const results: { name: string; ok: boolean; seconds: number; why?: string }[] = [];
for (const step of steps) {
  console.log(`\n[test] ▶ ${step.name}`);
  const started = Date.now();
  const { status, output } = await runStep(step);
  const failures = reportedFailures(output);
  const ok = status === 0 && failures.length === 0;
  const why =
    status !== 0
      ? `exit ${status}`
      : failures.length
        ? `exit 0, but the output says: ${failures.join(" / ")}`
        : undefined;
  results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000, ...(why ? { why } : {}) });
  if (!ok && process.env.TEST_KEEP_GOING !== "1") break;
}

console.log("\n[test] summary");
for (const r of results)
  console.log(`  ${r.ok ? "PASS" : "FAIL"}  ${r.name} (${r.seconds.toFixed(1)} s)${r.why ? `: ${r.why}` : ""}`);
const failed = results.filter((r) => !r.ok).length + (steps.length - results.length);
console.log(`steps: ${results.length - results.filter((r) => !r.ok).length} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
