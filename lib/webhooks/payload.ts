import "server-only";
import type { Db } from "@/lib/db/client";
import { testRunSelect, toTestRunView } from "@/lib/connections/test-run-view";
import { configuredBaseUrl } from "@/lib/portal-url";
import type { Audience } from "@/lib/salesforce/errors-audience";

// The JSON a webhook carries: { id, type, occurredAt, tenant, connection, run } (issue #10), plus `certificate` on the
// certificate events. A tenant's own endpoint reads the customer wording of a diagnosis (a provider-side cause says
// "on our side"); a global endpoint, the provider's, reads the staff wording. No key, token or secret is ever in it.

export type WebhookBody = {
  id: string;
  type: string;
  occurredAt: string;
  tenant: { id: string; name: string };
  connection: {
    id: string;
    name: string;
    status: string;
    instanceUrl: string | null;
    certificateExpiresAt: string | null;
    url: string | null;
  };
  run: {
    id: string;
    outcome: string;
    startedAt: string;
    finishedAt: string | null;
    summary: string | null;
    diagnosis: { code: string; title: string; cause: string; fix: string; fixableBy: string } | null;
  } | null;
  certificate: { id: string; notAfter: string; daysLeft: number | null } | null;
};

export type EventRow = { id: bigint; type: string; connection_id: string; tenant_id: string };

/** The body of each event for each audience asked for, keyed by event id; an event whose connection is gone has none. */
export async function eventBodies(
  db: Db,
  eventIds: readonly bigint[],
): Promise<Map<bigint, Record<Audience, WebhookBody>>> {
  const events = await db.connectionEvent.findMany({
    where: { id: { in: [...eventIds] } },
    select: {
      id: true,
      type: true,
      occurredAt: true,
      testRunId: true,
      certificateId: true,
      daysLeft: true,
      connection: {
        select: {
          id: true,
          name: true,
          status: true,
          instanceUrl: true,
          certificateExpiresAt: true,
          tenant: { select: { id: true, name: true } },
        },
      },
    },
  });
  const runIds = events.map((e) => e.testRunId).filter((id): id is string => id !== null);
  const certificateIds = events.map((e) => e.certificateId).filter((id): id is string => id !== null);
  const [runs, certificates] = await Promise.all([
    runIds.length ? db.testRun.findMany({ where: { id: { in: runIds } }, select: testRunSelect }) : [],
    certificateIds.length
      ? db.certificate.findMany({ where: { id: { in: certificateIds } }, select: { id: true, notAfter: true } })
      : [],
  ]);
  const baseUrl = configuredBaseUrl();
  const result = new Map<bigint, Record<Audience, WebhookBody>>();
  for (const event of events) {
    const run = runs.find((r) => r.id === event.testRunId) ?? null;
    const certificate = certificates.find((c) => c.id === event.certificateId) ?? null;
    const { connection } = event;
    const body = (audience: Audience): WebhookBody => {
      const view = run ? toTestRunView(run, audience) : null;
      const path = audience === "customer" ? "/connections/" : "/support/connections/";
      const diagnosis = view?.diagnosis ?? null;
      return {
        id: `evt_${event.id}`,
        type: event.type,
        occurredAt: event.occurredAt.toISOString(),
        tenant: { id: connection.tenant.id, name: connection.tenant.name },
        connection: {
          id: connection.id,
          name: connection.name,
          // As of the event: the deciding run's outcome (the connection may have changed again since).
          status:
            run && run.outcome !== "running" && event.type.startsWith("connection.") ? run.outcome : connection.status,
          instanceUrl: connection.instanceUrl,
          certificateExpiresAt: connection.certificateExpiresAt?.toISOString() ?? null,
          url: baseUrl ? `${baseUrl}${path}${connection.id}` : null,
        },
        run: view
          ? {
              id: view.id,
              outcome: view.outcome,
              startedAt: view.startedAt,
              finishedAt: view.finishedAt,
              summary: view.summary,
              diagnosis: diagnosis && {
                code: diagnosis.code,
                title: diagnosis.title,
                cause: diagnosis.cause,
                fix: diagnosis.fix,
                fixableBy: diagnosis.fixableBy,
              },
            }
          : null,
        certificate: certificate
          ? { id: certificate.id, notAfter: certificate.notAfter.toISOString(), daysLeft: event.daysLeft }
          : null,
      };
    };
    result.set(event.id, { customer: body("customer"), staff: body("staff") });
  }
  return result;
}

/** The body of "Send test event": the shape of a real event, on the endpoint's tenant (or a sample for a global one). */
export function pingBody(id: string, tenant: { id: string; name: string } | null): WebhookBody {
  return {
    id: `evt_test_${id}`,
    type: "webhook.test",
    occurredAt: new Date().toISOString(),
    tenant: tenant ?? { id: "00000000-0000-0000-0000-000000000000", name: "Example tenant" },
    connection: {
      id: "00000000-0000-0000-0000-000000000000",
      name: "Example connection",
      status: "connected",
      instanceUrl: "https://example.my.salesforce.com",
      certificateExpiresAt: null,
      url: null,
    },
    run: null,
    certificate: null,
  };
}
