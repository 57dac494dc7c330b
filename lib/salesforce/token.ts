import { diagnoseOutboundError, diagnoseTokenError, type Diagnosis } from "./errors";
import { checkOutboundUrl, OutboundError, salesforceRequest, type CallOptions } from "./outbound";

const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

export type TokenRequest = CallOptions & { tokenHost: string; assertion: string };

export type TokenGrant = {
  accessToken: string;
  /** Origin of the org's instance, already checked against the allowlist. */
  instanceUrl: string;
  identityUrl?: string;
  /** The host of an `id` URL outside the allowlist: it is never fetched, and the token is kept. */
  refusedIdentityHost?: string;
  scope?: string;
  tokenType?: string;
};

export type TokenResult =
  { ok: true; status: number; grant: TokenGrant } | { ok: false; status?: number; diagnosis: Diagnosis };

function badResponse(status: number, code: string, title: string, cause: string): TokenResult {
  return {
    ok: false,
    status,
    diagnosis: {
      code,
      title,
      cause,
      fix: "Use the My Domain URL; if this persists, contact support with this message.",
      checklistStep: "my-domain",
      fixableBy: "customer",
      stopEarly: false,
      tryNextPair: true,
    },
  };
}

function allowedOrigin(value: unknown, extraOrigins: readonly string[] | undefined): string | null {
  if (typeof value !== "string") return null;
  try {
    return checkOutboundUrl(value, extraOrigins).url.origin;
  } catch {
    return null;
  }
}

function hostOf(value: string): string {
  try {
    return new URL(value).host.slice(0, 253);
  } catch {
    return "(not a URL)";
  }
}

/** Exchanges a signed assertion for an access token at `<tokenHost>/services/oauth2/token`. Never throws for Salesforce or network failures. */
export async function requestToken(req: TokenRequest): Promise<TokenResult> {
  const body = new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: req.assertion }).toString();
  let res;
  try {
    res = await salesforceRequest({
      url: `${req.tokenHost.replace(/\/+$/, "")}/services/oauth2/token`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      timeoutMs: req.timeoutMs,
      signal: req.signal,
      extraOrigins: req.extraOrigins,
      resolve: req.resolve,
    });
  } catch (err) {
    if (err instanceof OutboundError) return { ok: false, diagnosis: diagnoseOutboundError(err) };
    throw err;
  }
  if (res.status !== 200)
    return { ok: false, status: res.status, diagnosis: diagnoseTokenError(res.status, res.bodyText) };
  const json = res.json;
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return { ok: false, status: res.status, diagnosis: diagnoseTokenError(res.status, res.bodyText) };
  const fields = json as Record<string, unknown>;
  if (typeof fields.access_token !== "string" || fields.access_token === "") {
    return badResponse(
      res.status,
      "invalid_token_response",
      "Salesforce's answer had no access token",
      "The token endpoint answered 200 without an access_token.",
    );
  }
  const instanceUrl = allowedOrigin(fields.instance_url, req.extraOrigins);
  if (!instanceUrl) {
    return badResponse(
      res.status,
      "instance_url_not_allowed",
      "Salesforce returned an instance URL the portal will not contact",
      "The instance_url in the token answer is missing or not a Salesforce host.",
    );
  }
  let identityUrl: string | undefined;
  let refusedIdentityHost: string | undefined;
  if (typeof fields.id === "string" && fields.id !== "") {
    if (allowedOrigin(fields.id, req.extraOrigins)) identityUrl = fields.id;
    else refusedIdentityHost = hostOf(fields.id);
  }
  return {
    ok: true,
    status: res.status,
    grant: {
      accessToken: fields.access_token,
      instanceUrl,
      ...(identityUrl ? { identityUrl } : {}),
      ...(refusedIdentityHost ? { refusedIdentityHost } : {}),
      ...(typeof fields.scope === "string" ? { scope: fields.scope } : {}),
      ...(typeof fields.token_type === "string" ? { tokenType: fields.token_type } : {}),
    },
  };
}
