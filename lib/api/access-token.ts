import "server-only";
import { loadActiveKey } from "@/lib/connections/key-export";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ApiProblem } from "@/lib/http";
import { signAssertion } from "@/lib/salesforce/assertion";
import { requestToken } from "@/lib/salesforce/token";
import { auditApiKeyUse } from "./audit-export";
import { consumeRateLimit } from "@/lib/limits/rate-limit";
import type { ApiPrincipal } from "./authenticate-token";

const VENDED_TOKENS_PER_HOUR = 60;

// Token vending: the JWT bearer flow runs here, with the stored key and the pair Test connection saved.
export async function vendAccessToken(principal: ApiPrincipal, connectionId: string, ip: string | null) {
  // The cheap refusals first (not found, never tested, over the limit); the key is decrypted only for a real request.
  const connection = isUuid(connectionId)
    ? await getDb().connection.findFirst({
        where: { id: connectionId, ...(principal.tenantId ? { tenantId: principal.tenantId } : {}) },
        select: { clientId: true, username: true, tokenHost: true, audience: true },
      })
    : null;
  if (!connection) throw new AppError("NOT_FOUND", "No such connection.");
  if (!connection.tokenHost || !connection.audience || !connection.clientId || !connection.username) {
    throw new AppError("CONFLICT", "This connection has no working host and audience yet: run Test connection first.");
  }
  const rate = await consumeRateLimit(getDb(), `vend:${principal.tokenId}`, VENDED_TOKENS_PER_HOUR, 3600);
  if (!rate.ok) {
    throw new ApiProblem(
      429,
      "rate_limited",
      `More than ${VENDED_TOKENS_PER_HOUR} access tokens an hour for this API token: reuse the last one, or retry after ${rate.retryAfterSeconds} s.`,
      {},
      { "Retry-After": String(rate.retryAfterSeconds) },
    );
  }
  const key = await loadActiveKey(connectionId, principal.tenantId);
  const assertion = await signAssertion({
    clientId: connection.clientId,
    username: connection.username,
    audience: connection.audience,
    privateKeyPem: key.privateKeyPem,
  });
  const result = await requestToken({
    tokenHost: connection.tokenHost,
    assertion,
    extraOrigins: getEnv().SALESFORCE_EXTRA_ALLOWED_ORIGINS,
  });
  if (!result.ok) {
    const d = result.diagnosis;
    throw new ApiProblem(502, "salesforce_refused", `Salesforce did not issue a token: ${d.title}. ${d.fix}`, {
      diagnosis: {
        code: d.code,
        title: d.title,
        fix: d.fix,
        ...(d.salesforceError ? { salesforceError: d.salesforceError } : {}),
      },
    });
  }
  await auditApiKeyUse(key, principal, "access-token", ip);
  return {
    accessToken: result.grant.accessToken,
    instanceUrl: result.grant.instanceUrl,
    tokenHost: connection.tokenHost,
    audience: connection.audience,
    issuedAt: new Date().toISOString(),
  };
}
