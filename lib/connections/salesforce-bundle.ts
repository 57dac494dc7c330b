import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import type { SessionUser } from "@/lib/auth/session";
import { findConnectionFor } from "@/lib/connections/access";
import type { SalesforceBundleForm } from "@/lib/connections/schemas";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  buildEcaBundle,
  bundleApiVersion,
  generateConsumerKey,
  CONSUMER_KEY_LENGTH,
} from "@/lib/salesforce/eca-bundle";

// "Set up Salesforce with the CLI": the External Client App bundle of one connection, from its stored values only
// (My Domain URL, API version, active certificate) and the validated form. The consumer key is the portal's: it is
// stored as the connection's Client ID, so the customer never copies one back.

const select = {
  id: true,
  tenantId: true,
  clientId: true,
  instanceUrl: true,
  apiVersion: true,
  status: true,
  certificates: { where: { status: "active" }, select: { id: true, certificatePem: true, serialHex: true } },
} as const;

// A key this portal chose: 48 letters or digits. Salesforce's own keys (an app made by hand) start with 3MVG and are
// longer, so a stored key of that form was made here and a new download keeps it (a redeploy updates the same app).
const PORTAL_KEY = new RegExp(`^(?!3MVG)[A-Za-z0-9]{${CONSUMER_KEY_LENGTH}}$`);

/** A Client ID this portal chose for a Salesforce bundle (the CLI path), not one copied from an app made by hand. */
export function isPortalConsumerKey(clientId: string | null | undefined): boolean {
  return !!clientId && PORTAL_KEY.test(clientId);
}

// certificateSerial: the certificate the zip carries (a later certificate needs a new download and deploy).
export type BundleDownload = { at: Date; appName: string; certificateSerial: string };

/** The connection's latest bundle download (the audit entry): the CLI path's first step, and the app's name. */
export async function latestBundleDownload(tenantId: string, connectionId: string): Promise<BundleDownload | null> {
  const entry = await getDb().auditEvent.findFirst({
    where: { action: "salesforce_bundle.downloaded", tenantId, targetType: "connection", targetId: connectionId },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, details: true },
  });
  if (!entry) return null;
  const details = (entry.details ?? {}) as { appName?: unknown; certificateSerial?: unknown };
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return { at: entry.createdAt, appName: text(details.appName), certificateSerial: text(details.certificateSerial) };
}

/** Before the form is read: another tenant's connection is a 404 whatever the form holds (a 400 would tell less, not nothing). */
export async function assertBundleAccess(user: SessionUser, connectionId: string): Promise<void> {
  if (!(await findConnectionFor(user, "certificates:download-any", connectionId, { id: true })))
    throw new AppError("NOT_FOUND", "This connection does not exist or you do not have access to it.");
}

export async function downloadSalesforceBundle(
  user: SessionUser,
  connectionId: string,
  form: SalesforceBundleForm,
  ip: string | null,
): Promise<{ body: Buffer; filename: string; contentType: string }> {
  const connection = await findConnectionFor(user, "certificates:download-any", connectionId, select);
  if (!connection) throw new AppError("NOT_FOUND", "This connection does not exist or you do not have access to it.");
  const certificate = connection.certificates[0];
  if (!certificate)
    throw new AppError(
      "CONFLICT",
      "This connection has no certificate yet. Generate the certificate first, then download the Salesforce bundle.",
    );
  if (!connection.instanceUrl)
    throw new AppError(
      "CONFLICT",
      "Enter and save the Instance URL (your My Domain, e.g. https://acme.my.salesforce.com) first, then download the Salesforce bundle.",
    );
  const hasPortalKey = isPortalConsumerKey(connection.clientId);
  // A Client ID typed in from an app made by hand, on a connection that works: replacing it would break the
  // connection until the bundle is deployed, so the customer clears it on purpose first.
  if (connection.clientId && !hasPortalKey && connection.status !== "never_tested" && connection.status !== "failed")
    throw new AppError(
      "CONFLICT",
      "This connection already works with the Client ID of an app made by hand. To switch to the app from the bundle, clear the Client ID (Consumer Key) in step 4 and save, then download the bundle.",
    );
  // Staff may fetch the bundle to help, but the Salesforce fields are the customer's to change (as on the form).
  if (!hasPortalKey && user.role !== "customer")
    throw new AppError(
      "FORBIDDEN",
      "The first download chooses the connection's Client ID, which only the customer sets. Ask the customer to download the bundle once; after that, staff can download it too.",
    );
  const consumerKey = hasPortalKey ? connection.clientId! : generateConsumerKey();
  const body = await buildEcaBundle({
    appName: form.appName,
    label: form.label,
    contactEmail: form.contactEmail,
    apiVersion: bundleApiVersion(connection.apiVersion),
    myDomainUrl: connection.instanceUrl,
    certificatePem: certificate.certificatePem,
    consumerKey,
    ipRelaxation: form.ipRelaxation,
    setupAuditTrail: form.setupAuditTrail,
  });
  const db = getDb();
  await db.$transaction(async (tx) => {
    if (!hasPortalKey) {
      // A new key is a new app: the host/audience pair learnt with the old one no longer says anything. Only if the
      // Client ID is still the one read above: two first downloads at once (two tabs) must not leave a zip whose key
      // the connection no longer holds.
      const { count } = await tx.connection.updateMany({
        where: { id: connection.id, clientId: connection.clientId },
        data: { clientId: consumerKey, tokenHost: null, audience: null },
      });
      if (count !== 1)
        throw new AppError(
          "CONFLICT",
          "Another download chose this connection's Client ID a moment ago. Download the bundle again: it carries that Client ID.",
        );
    }
    // Audited before the file leaves; the download time is what "wait a few minutes" after a deploy is measured from.
    await recordAudit(tx, {
      action: "salesforce_bundle.downloaded",
      actor: user,
      tenantId: connection.tenantId,
      target: ["connection", connection.id],
      ip,
      details: {
        appName: form.appName,
        certificateSerial: certificate.serialHex,
        newConsumerKey: !hasPortalKey,
        ipRelaxation: form.ipRelaxation,
        setupAuditTrail: form.setupAuditTrail,
        asStaff: user.role !== "customer",
      },
    });
  });
  return { body, filename: `${form.appName}-salesforce.zip`, contentType: "application/zip" };
}
