import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export type PortalProcess = {
  baseUrl: string;
  stop: () => Promise<void>;
  /** SIGKILL, as `kill -9` or an OOM kill would: with `killable`, the whole process group (start.ts and next). */
  kill: () => Promise<void>;
  pid: () => number | undefined;
  exited: () => boolean;
};

// Starts the real portal (scripts/start.ts) on a given database and signs a user in over HTTP.
// `killable` starts it in a process group of its own, so that kill() reaches the Next.js server behind start.ts.
export async function startPortal(options: {
  databaseUrl: string;
  port: number;
  env?: Record<string, string>;
  killable?: boolean;
}): Promise<PortalProcess> {
  const root = path.resolve(import.meta.dirname, "../..");
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/start.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        PORT: String(options.port),
        NEXTAUTH_URL: baseUrl,
        PORTAL_HOST: "127.0.0.1",
        ...options.env,
      },
      stdio: ["ignore", "ignore", "inherit"],
      detached: options.killable === true,
    },
  );
  const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the portal exited with code ${child.exitCode}`);
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exit;
  };
  const kill = async () => {
    if (options.killable && child.pid) process.kill(-child.pid, "SIGKILL");
    else child.kill("SIGKILL");
    await exit;
  };
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return { baseUrl, stop, kill, pid: () => child.pid, exited };
}

export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = response.headers.getSetCookie().find((c) => c.includes("session-token="));
  if (!session) throw new Error(`sign-in failed (HTTP ${response.status})`);
  return session.split(";")[0]!;
}
