import { randomBytes } from "node:crypto";
import { compactVerify, decodeJwt, type JWTPayload } from "jose";
import type { FakeState, TokenRequestLog } from "./state";

export type FakeResponse = { status: number; body: unknown };

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
// Salesforce allows exp up to a few minutes ahead; beyond that (e.g. milliseconds) it refuses.
const MAX_EXP_AHEAD_SECONDS = 300;

function oauthError(error: string, description: string): FakeResponse {
  return { status: 400, body: { error, error_description: description } };
}

/** POST /services/oauth2/token, checked in the order Salesforce reports problems. */
export async function handleToken(
  state: FakeState,
  origin: string,
  host: string,
  form: URLSearchParams,
): Promise<FakeResponse> {
  const log: TokenRequestLog = { at: new Date().toISOString(), host, outcome: "" };
  state.requests.push(log);
  const done = (response: FakeResponse): FakeResponse => {
    log.outcome =
      response.status === 200
        ? "ok"
        : String((response.body as { error_description?: string }).error_description ?? response.status);
    return response;
  };
  if (form.get("grant_type") !== JWT_BEARER)
    return done(oauthError("unsupported_grant_type", "grant type not supported"));
  const assertion = form.get("assertion") ?? "";
  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    return done(oauthError("invalid_grant", "invalid assertion"));
  }
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  Object.assign(log, { iss: claims.iss, sub: claims.sub, aud });
  // An External Client App's key is per org: a host that does not know it says so, like login.salesforce.com does.
  const app = state.apps.find((a) => a.clientId === claims.iss && (!a.knownAt || a.knownAt.includes(origin)));
  if (!app) return done(oauthError("invalid_client_id", "client identifier invalid"));
  try {
    await compactVerify(assertion, app.publicKey, { algorithms: ["RS256"] });
  } catch {
    return done(oauthError("invalid_grant", "invalid assertion"));
  }
  if (!aud || !app.acceptedAudiences.includes(aud)) return done(oauthError("invalid_grant", "audience is invalid"));
  if (app.refuse) return done(oauthError(app.refuse.error, app.refuse.description));
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== "number" || claims.exp < now || claims.exp > now + MAX_EXP_AHEAD_SECONDS) {
    return done(oauthError("invalid_grant", "expired authorization code"));
  }
  const users = state.usersOf(app);
  const index = users.findIndex((u) => u.toLowerCase() === (claims.sub ?? "").toLowerCase());
  const username = users[index];
  if (!username || app.preAuthorized === false)
    return done(oauthError("invalid_grant", "user hasn't approved this consumer"));
  const accessToken = `${app.orgId}!${randomBytes(24).toString("hex")}`;
  const userId = `005${String(index + 1).padStart(12, "0")}AAA`;
  state.tokens.set(accessToken, { app, username, userId });
  const instance = app.home ?? origin;
  return done({
    status: 200,
    body: {
      access_token: accessToken,
      scope: "api",
      instance_url: instance,
      id: `${app.identityOrigin ?? instance}/id/${app.orgId}/${userId}`,
      token_type: "Bearer",
      issued_at: String(Date.now()),
    },
  });
}
