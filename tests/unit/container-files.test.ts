import { readFileSync } from "node:fs";
import path from "node:path";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// The container files (README "Run with Docker") linted the way a reviewer would, since no engine builds them here.
const root = path.resolve(import.meta.dirname, "../..");
const read = (name: string) => readFileSync(path.join(root, name), "utf8");
const PORTAL_PORT = 3000; // scripts/start.ts's default PORT, and the Dockerfile's ENV PORT
const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN/i;
// A value that names a secret but is not one: a variable reference, or nothing.
const notLiteral = (value: string) => value === "" || /^\$\{?[A-Z_]+/.test(value);

function dockerfileProblems(text: string, dockerignore: string): string[] {
  const problems: string[] = [];
  const file = DockerfileParser.parse(text);
  const froms = file.getFROMs();
  if (froms.length < 2) problems.push("not multi-stage");
  for (const from of froms) {
    if (from.getImageName() !== "node" || !/^22\.\d+\.\d+-(bookworm-)?slim$/.test(from.getImageTag() ?? ""))
      problems.push(`base image ${from.getImage()} is not a pinned Node 22 slim tag`);
  }
  const instructions = file.getInstructions();
  const lastFrom = instructions.lastIndexOf(froms.at(-1)!);
  const final = instructions.slice(lastFrom);
  const keyword = (i: Instruction) => i.getKeyword().toUpperCase();
  const user = final.filter((i) => keyword(i) === "USER").at(-1);
  const userName = user?.getArgumentsContent()?.trim() ?? "root";
  if (/^(root|0)(:.*)?$/.test(userName)) problems.push(`final stage runs as ${userName}`);
  const exposed = final.filter((i) => keyword(i) === "EXPOSE").map((i) => i.getArgumentsContent()?.trim());
  if (!exposed.includes(String(PORTAL_PORT))) problems.push(`final stage does not EXPOSE ${PORTAL_PORT}`);
  const env = final.filter((i) => keyword(i) === "ENV").map((i) => i.getArgumentsContent() ?? "");
  if (!env.some((e) => /\bPORT=3000\b/.test(e))) problems.push("final stage does not set PORT=3000");
  if (!env.some((e) => /\bNODE_ENV=production\b/.test(e)))
    problems.push("final stage does not set NODE_ENV=production");
  const healthcheck = final.find((i) => keyword(i) === "HEALTHCHECK")?.getArgumentsContent() ?? "";
  if (!healthcheck.includes("/api/health/live")) problems.push("no HEALTHCHECK on /api/health/live");
  const cmd = final.find((i) => keyword(i) === "CMD")?.getArgumentsContent() ?? "";
  if (!cmd.includes("portal/start.mjs")) problems.push("CMD is not the project's start script");
  for (const instruction of instructions) {
    const kind = keyword(instruction);
    if (kind === "ENV" || kind === "ARG") {
      // ENV A=1 B=2, ENV A 1 (legacy form) and ARG A=1: one name and value per pair.
      const content = instruction.getArgumentsContent() ?? "";
      const pairs = content.includes("=")
        ? [...content.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)].map((m) => [m[1]!, m[2]!.replace(/"/g, "")])
        : [content.trim().split(/\s+/, 2) as [string, string?]].map(([n, v]) => [n, v ?? ""]);
      for (const [name, value] of pairs)
        if (SECRET_NAME.test(name!) && !notLiteral(value!))
          problems.push(`${kind} ${name} bakes a secret into the image`);
    }
    if (kind === "COPY" || kind === "ADD") {
      const sources = instruction.getArguments().map((a) => a.getValue());
      if (sources.some((s) => /(^|\/)\.env($|\.)|\.pem$|(^|\/)\.data(\/|$)/.test(s)))
        problems.push(`${kind} copies a secret file: ${instruction.getArgumentsContent()}`);
    }
  }
  const ignored = dockerignore.split("\n").map((l) => l.trim());
  for (const entry of [".env", ".data", "node_modules"])
    if (!ignored.includes(entry)) problems.push(`.dockerignore does not exclude ${entry}`);
  return problems;
}

type Service = {
  image?: string;
  build?: unknown;
  env_file?: string | string[];
  environment?: Record<string, string> | string[];
  volumes?: string[];
  healthcheck?: { test?: unknown };
  ports?: string[];
  depends_on?: Record<string, { condition?: string }>;
};

function composeProblems(text: string): string[] {
  const problems: string[] = [];
  const compose = parse(text) as { services?: Record<string, Service>; volumes?: Record<string, unknown> };
  const { db, portal } = compose.services ?? {};
  if (!db || !portal) return ["services db and portal are required"];
  if (!/^postgres:17(\.|-|$)/.test(db.image ?? "")) problems.push(`db image ${db.image} is not PostgreSQL 17`);
  const named = Object.keys(compose.volumes ?? {});
  const dataVolume = (db.volumes ?? []).find((v) => v.endsWith(":/var/lib/postgresql/data"));
  if (!dataVolume || !named.includes(dataVolume.split(":")[0]!)) problems.push("db's data is not on a named volume");
  if (!JSON.stringify(db.healthcheck?.test ?? "").includes("pg_isready"))
    problems.push("db has no pg_isready healthcheck");
  if (portal.build === undefined) problems.push("portal is not built from the Dockerfile");
  if (![portal.env_file].flat().includes(".env")) problems.push("portal does not read its secrets from .env");
  if (portal.depends_on?.db?.condition !== "service_healthy") problems.push("portal does not wait for a healthy db");
  if (!(portal.ports ?? []).some((p) => String(p).endsWith(`:${PORTAL_PORT}`)))
    problems.push(`portal does not publish port ${PORTAL_PORT}`);
  for (const [name, service] of Object.entries(compose.services ?? {})) {
    const environment = Array.isArray(service.environment)
      ? Object.fromEntries(service.environment.map((e) => e.split(/=(.*)/s, 2)))
      : (service.environment ?? {});
    for (const [key, value] of Object.entries(environment)) {
      const v = String(value ?? "");
      if (SECRET_NAME.test(key) && !notLiteral(v)) problems.push(`${name}: ${key} has a literal value`);
      // A password inside a URL: postgresql://user:<password>@host.
      const inUrl = /:\/\/[^:/@]+:([^@]+)@/.exec(v)?.[1];
      if (inUrl && !notLiteral(inUrl)) problems.push(`${name}: ${key} holds a literal password`);
    }
  }
  return problems;
}

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const dockerignore = read(".dockerignore");

  it("runs Node 22 slim as a non-root user, exposes 3000, checks liveness and bakes in no secret", () => {
    expect(dockerfileProblems(dockerfile, dockerignore)).toEqual([]);
  });

  it.each([
    ["USER node", "USER root", "final stage runs as root"],
    ["USER node\n", "", "final stage runs as root"],
    ["EXPOSE 3000", "EXPOSE 8080", "final stage does not EXPOSE 3000"],
    ["/api/health/live", "/", "no HEALTHCHECK on /api/health/live"],
    ["PORT=3000", "PORT=3000 PORTAL_MASTER_KEY=abc", "ENV PORTAL_MASTER_KEY bakes a secret into the image"],
    ["WORKDIR /app", "WORKDIR /app\nARG NEXTAUTH_SECRET=changeme", "ARG NEXTAUTH_SECRET bakes a secret into the image"],
    ["WORKDIR /app", "WORKDIR /app\nENV API_TOKEN s3cr3t", "ENV API_TOKEN bakes a secret into the image"],
    ["WORKDIR /app", "WORKDIR /app\nCOPY .env ./", "COPY copies a secret file: .env ./"],
    ["AS runtime", "AS runtime\nFROM node:20-slim", "base image node:20-slim is not a pinned Node 22 slim tag"],
  ])("catches a bad variant: %s → %s", (from, to, problem) => {
    // The last occurrence: the runtime stage's.
    const at = dockerfile.lastIndexOf(from);
    const bad = dockerfile.slice(0, at) + to + dockerfile.slice(at + from.length);
    expect(bad).not.toBe(dockerfile);
    expect(dockerfileProblems(bad, dockerignore)).toContain(problem);
  });

  it("requires .dockerignore to keep .env out of the build context", () => {
    expect(dockerfileProblems(dockerfile, dockerignore.replace(/^\.env$/m, ""))).toContain(
      ".dockerignore does not exclude .env",
    );
  });
});

describe("compose.yaml", () => {
  const compose = read("compose.yaml");

  it("runs PostgreSQL 17 on a named volume and gives the portal its secrets from .env only", () => {
    expect(composeProblems(compose)).toEqual([]);
  });

  it.each([
    ["image: postgres:17", "image: postgres:16", "db image postgres:16 is not PostgreSQL 17"],
    ["- pgdata:/var/lib/postgresql/data", "- ./pg:/var/lib/postgresql/data", "db's data is not on a named volume"],
    ["env_file: .env", "env_file: other.env", "portal does not read its secrets from .env"],
    [
      "NEXTAUTH_URL: ${NEXTAUTH_URL:-http://localhost:3000}",
      "NEXTAUTH_URL: ${NEXTAUTH_URL:-http://localhost:3000}\n      PORTAL_MASTER_KEY: abc",
      "portal: PORTAL_MASTER_KEY has a literal value",
    ],
    ["portal:${POSTGRES_PASSWORD}@db", "portal:hunter2@db", "portal: DATABASE_URL holds a literal password"],
    ["condition: service_healthy", "condition: service_started", "portal does not wait for a healthy db"],
  ])("catches a bad variant: %s → %s", (from, to, problem) => {
    const bad = compose.replace(from, to);
    expect(bad).not.toBe(compose);
    expect(composeProblems(bad)).toContain(problem);
  });
});
