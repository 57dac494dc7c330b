import { randomBytes } from "node:crypto";
import { E2E } from "./config";
import { sql } from "./db";

export type FakeAppOptions = {
  acceptedAudiences?: string[];
  preAuthorized?: boolean;
  eventLogs?: "ok" | "invalid_type";
  registerCertificate?: boolean;
  /** Hosts (origins) of the fake that know the app; default: all of them. */
  knownAt?: string[];
  /** The org's origin returned as instance_url (a real https host behind the egress proxy). */
  home?: string;
  eventLogFiles?: { eventType: string; interval: "Hourly" | "Daily"; files: number }[];
  loginEvent?: boolean;
};

// Registers an External Client App in the fake with the certificate the portal generated for the connection.
export async function registerApp(
  origin: string,
  connectionId: string,
  username: string,
  options: FakeAppOptions = {},
): Promise<string> {
  const clientId = `3MVG9${randomBytes(40).toString("hex")}`;
  const [cert] = await sql<{ certificate_pem: string }>(
    `SELECT certificate_pem FROM certificates WHERE connection_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [connectionId],
  );
  const certificatePem = options.registerCertificate === false ? await otherCertificate() : cert!.certificate_pem;
  const response = await fetch(`${origin}/__fake/apps`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      clientId,
      certificatePem,
      usernames: [username],
      acceptedAudiences: options.acceptedAudiences ?? [origin],
      preAuthorized: options.preAuthorized ?? true,
      eventLogs: options.eventLogs ?? "ok",
      ...(options.knownAt ? { knownAt: options.knownAt } : {}),
      ...(options.home ? { home: options.home } : {}),
      ...(options.eventLogFiles ? { eventLogFiles: options.eventLogFiles } : {}),
      ...(options.loginEvent !== undefined ? { loginEvent: options.loginEvent } : {}),
    }),
  });
  if (!response.ok) throw new Error(`fake rejected the app: ${response.status} ${await response.text()}`);
  return clientId;
}

// A certificate that is not the portal's: the app in Salesforce holds the wrong one.
async function otherCertificate(): Promise<string> {
  const { generateTestCredentials } = await import("../../tests/fake-salesforce/test-credentials");
  return (await generateTestCredentials()).certificatePem;
}

export async function setFault(
  origin: string,
  fault: object | null,
  where: "token" | "rest" | "all" = "all",
): Promise<void> {
  await fetch(`${origin}/__fake/fault`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ fault, where }),
  });
}

export async function fakeLog<T>(origin: string, what: "requests" | "proxy"): Promise<T[]> {
  return (await (await fetch(`${origin}/__fake/${what}`)).json()) as T[];
}

export const FAKE = {
  origin: () => E2E.fakeOrigin,
  faulty: () => E2E.faultyFakeOrigin,
  login: () => E2E.loginOrigin,
  test: () => E2E.testOrigin,
};
