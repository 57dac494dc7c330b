import { diagnoseOutboundError, type Diagnosis } from "./errors";
import { OutboundError, salesforceRequest, type CallOptions, type OutboundResponse } from "./outbound";

// Shared by the preflight checks: one authenticated GET against the token's instance_url.
export type RestContext = CallOptions & { instanceUrl: string; accessToken: string };

export type CheckResult = { status: "ok" | "warning" | "failed"; message: string; diagnosis?: Diagnosis };

export type Fetched = { ok: true; res: OutboundResponse } | { ok: false; diagnosis: Diagnosis };

export async function restGet(ctx: RestContext, path: string, auth: boolean): Promise<Fetched> {
  try {
    const res = await salesforceRequest({
      url: `${ctx.instanceUrl}${path}`,
      headers: auth ? { authorization: `Bearer ${ctx.accessToken}` } : {},
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      extraOrigins: ctx.extraOrigins,
      resolve: ctx.resolve,
    });
    return { ok: true, res };
  } catch (err) {
    if (err instanceof OutboundError) return { ok: false, diagnosis: diagnoseOutboundError(err) };
    throw err;
  }
}

/** GET /services/data/vXX.X/query?q=<soql>. */
export function restQuery(ctx: RestContext, apiVersion: string, soql: string): Promise<Fetched> {
  return restGet(ctx, `/services/data/v${apiVersion}/query?q=${encodeURIComponent(soql)}`, true);
}

export function failed(diagnosis: Diagnosis): CheckResult {
  return { status: "failed", message: `${diagnosis.title}. ${diagnosis.fix}`, diagnosis };
}
