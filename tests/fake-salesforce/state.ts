import { createPublicKey, type KeyObject } from "node:crypto";

export type FakeApp = {
  clientId: string;
  certificatePem: string;
  usernames: string[];
  /** aud values the token endpoint accepts, e.g. https://login.salesforce.com or the fake's own origin. */
  acceptedAudiences: string[];
  preAuthorized?: boolean;
  eventLogs?: "ok" | "invalid_type";
  versions?: string[];
  limits?: "ok" | "forbidden";
  /** Origins of this fake whose token endpoint knows the app (default: all). Elsewhere: invalid_client_id. */
  knownAt?: string[];
  /** The org's own origin, returned as instance_url whichever host issued the token (default: the one asked). */
  home?: string;
  /** The origin of the `id` URL in token answers (default: the instance's); to test a foreign identity host. */
  identityOrigin?: string;
  /** Once the signature checks out, answer this OAuth error instead of a token (inactive org, IP restricted, …). */
  refuse?: { error: string; description: string };
  /** Event log files of the last 7 days; default: an org with the Event Monitoring add-on (Hourly and Daily). */
  eventLogFiles?: { eventType: string; interval: "Hourly" | "Daily"; files: number }[];
  /** LoginEvent is queryable (Real-Time Event Monitoring); default true. */
  loginEvent?: boolean;
  /** SetupAuditTrail is queryable ("View Setup and Configuration"); default true. */
  setupAuditTrail?: boolean;
  /** "forbidden": userinfo and the id URL answer 403 with an empty body; default "ok". */
  userinfo?: "ok" | "forbidden";
  /** "forbidden": every /services/data/vXX.X/ call answers 403 with an empty body; default "ok". */
  restAccess?: "ok" | "forbidden";
  /** Users assigned this permission set (assignPermset) are pre-authorised too, as with a deployed bundle. */
  permissionSet?: string;
  /** The External Client App a bundle deployed it as (deploy-bundle.ts); a redeploy of that app may keep the key. */
  deployedAs?: string;
};

export type FakeFault =
  | { kind: "delay"; ms: number }
  | { kind: "slow_body"; ms: number }
  | { kind: "5xx" }
  | { kind: "reset" }
  | { kind: "html" }
  | null;
export type FaultTarget = "token" | "rest" | "all";

export type TokenRequestLog = { at: string; host: string; iss?: string; sub?: string; aud?: string; outcome: string };

export type RegisteredApp = FakeApp & { publicKey: KeyObject; orgId: string };
export type IssuedToken = { app: RegisteredApp; username: string; userId: string };

export const DEFAULT_VERSIONS = ["58.0", "59.0", "60.0", "61.0", "62.0"];

/** Everything the fake remembers; reset() returns it to empty. */
export class FakeState {
  apps: RegisteredApp[] = [];
  tokens = new Map<string, IssuedToken>();
  faults: Record<"token" | "rest", FakeFault> = { token: null, rest: null };
  requests: TokenRequestLog[] = [];
  /** Permission set name -> usernames assigned it (`sf org assign permset`). */
  permsetAssignments = new Map<string, string[]>();

  addApp(app: FakeApp): void {
    if (
      !app ||
      typeof app.clientId !== "string" ||
      !Array.isArray(app.usernames) ||
      !Array.isArray(app.acceptedAudiences)
    ) {
      throw new Error("an app needs clientId, certificatePem, usernames[] and acceptedAudiences[]");
    }
    const publicKey = createPublicKey(app.certificatePem);
    this.apps = this.apps.filter((a) => a.clientId !== app.clientId);
    this.apps.push({ ...app, publicKey, orgId: `00D${String(this.apps.length + 1).padStart(12, "0")}EAA` });
  }

  assignPermset(name: string, username: string): void {
    if (typeof name !== "string" || typeof username !== "string") throw new Error("assigning needs name and username");
    const users = this.permsetAssignments.get(name) ?? [];
    if (!users.some((u) => u.toLowerCase() === username.toLowerCase())) users.push(username);
    this.permsetAssignments.set(name, users);
  }

  /** The users an app pre-authorises: its own list, then those assigned its permission set. */
  usersOf(app: FakeApp): string[] {
    return [...app.usernames, ...(app.permissionSet ? (this.permsetAssignments.get(app.permissionSet) ?? []) : [])];
  }

  setFault(fault: FakeFault, where: FaultTarget = "all"): void {
    if (where === "token" || where === "all") this.faults.token = fault;
    if (where === "rest" || where === "all") this.faults.rest = fault;
  }

  reset(): void {
    this.apps = [];
    this.tokens.clear();
    this.faults = { token: null, rest: null };
    this.requests = [];
    this.permsetAssignments.clear();
  }
}
