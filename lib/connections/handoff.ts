import { formatUtc } from "@/lib/dates";
import { collectorSettings, type CollectorInput } from "./collector-settings";

// What the collector hand-off panel shows: the runbook's fields as the bundle writes them, and the tenant's tokens.

export type HandoffFields = {
  username: string | null;
  clientId: string | null;
  instanceUrl: string | null;
  apiVersion: string | null;
};

/** `bundleReady` is false until a test has saved a working pair, as collectorFilesFor requires. */
export function handoffFields(
  c: CollectorInput,
  testedApiVersion: string | null,
): { fields: HandoffFields; bundleReady: boolean } {
  const s = collectorSettings(c, testedApiVersion);
  const instanceUrl = c.tokenInstanceUrl ?? c.instanceUrl;
  if (!s)
    return {
      fields: { username: c.username, clientId: c.clientId, instanceUrl, apiVersion: c.apiVersion },
      bundleReady: false,
    };
  return {
    fields: {
      username: s.username,
      clientId: s.clientId,
      instanceUrl: s.instanceUrl ?? instanceUrl,
      apiVersion: `${s.version}.0`,
    },
    bundleReady: true,
  };
}

export type TokenRow = {
  id: string;
  name: string;
  scopes: string[];
  hint: string;
  created: string;
  createdBy: string;
  lastUsed: string;
  expires: string;
  revoked: string | null;
};

type TokenRecord = {
  id: string;
  name: string;
  scopes: string[];
  tokenHint: string;
  createdAt: Date;
  createdByEmail: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
};

export function tokenRows(tokens: TokenRecord[], now = Date.now()): TokenRow[] {
  return tokens.map((t) => ({
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    hint: `…${t.tokenHint}`,
    created: formatUtc(t.createdAt),
    createdBy: t.createdByEmail ?? "unknown",
    lastUsed: t.lastUsedAt ? `${formatUtc(t.lastUsedAt)}${t.lastUsedIp ? ` from ${t.lastUsedIp}` : ""}` : "Never",
    expires: t.expiresAt ? `${formatUtc(t.expiresAt)}${t.expiresAt.getTime() <= now ? " (expired)" : ""}` : "Never",
    revoked: t.revokedAt ? formatUtc(t.revokedAt) : null,
  }));
}
