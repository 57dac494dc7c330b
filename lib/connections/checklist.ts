import { CERTIFICATE_FILENAMES, type CertificateFormat } from "@/lib/crypto/certificate-file";
import { formatUtc } from "@/lib/dates";
import { myDomainCallbackUrl } from "@/lib/salesforce/eca-names";

// The runbook's Salesforce side, with the corrections in docs/salesforce.md §6, personalised for one connection. Diagnoses link to these ids.
export type ChecklistStepId =
  | "create-app"
  | "scopes"
  | "upload-certificate"
  | "permitted-users"
  | "permission-set"
  | "user"
  | "client-id"
  | "my-domain";

// The CLI path's steps the customer ticks (the download is known from the audit log).
type CliStepId = "cli-deploy" | "cli-assign";
export const CLI_STEP_IDS: readonly CliStepId[] = ["cli-deploy", "cli-assign"];
export type SetupStepId = ChecklistStepId | CliStepId;

type ChecklistValue = { label: string; value: string };
export type ChecklistItem = { id: ChecklistStepId; title: string; instructions: string[]; values: ChecklistValue[] };

export const CHECKLIST_STEP_IDS: readonly ChecklistStepId[] = [
  "my-domain",
  "create-app",
  "scopes",
  "upload-certificate",
  "permitted-users",
  "permission-set",
  "user",
  "client-id",
];

/** Every step the customer can tick: the manual checklist's and the CLI path's. */
export const SETUP_STEP_IDS: readonly SetupStepId[] = [...CHECKLIST_STEP_IDS, ...CLI_STEP_IDS];

/** The connection's latest certificate; uploadFormat as decided by certificateSize (null: too large even as DER). */
export type ChecklistCertificate = {
  fingerprintSha256: string;
  serialHex: string;
  notAfter: Date;
  uploadFormat: CertificateFormat | null;
};

type Context = { instanceUrl: string | null; username: string | null; certificate: ChecklistCertificate | null };

export function buildChecklist({ instanceUrl, username, certificate }: Context): ChecklistItem[] {
  const myDomain = instanceUrl ?? "https://yourcompany.my.salesforce.com";
  const usernameValue = username ? [{ label: "Username", value: username }] : [];
  return [
    {
      id: "my-domain",
      title: "Find your My Domain URL",
      instructions: [
        "In Salesforce Setup, search for My Domain and copy the Current My Domain URL.",
        "Enter it as the Instance URL in step 1, My Domain, at the top of this page (not a lightning.force.com address).",
      ],
      values: instanceUrl ? [{ label: "Instance URL", value: instanceUrl }] : [],
    },
    {
      id: "create-app",
      title: "Create the External Client App",
      instructions: [
        "Setup → App Manager → New External Client App.",
        "Give it a name and a contact email, and set Distribution State to Local.",
      ],
      values: [{ label: "App name", value: "Log collector (JWT)" }],
    },
    {
      id: "scopes",
      title: "Enable OAuth, the callback URL and the scopes",
      instructions: [
        "Under API (Enable OAuth Settings), tick Enable OAuth and enter the callback URL.",
        "Select the scopes Manage user data via APIs (api) and Perform requests at any time (refresh_token, offline_access). Full access (full) is optional: api and refresh_token, offline_access are enough.",
        "Not needed, leave off: the Client Credentials flow, and access to the consumer secret via the REST API. Both open a second, secret-based way into the org.",
        "Under Security, require the secret for the Web Server and Refresh Token flows and enable refresh token rotation. The JWT flow uses neither; this only hardens the other flows.",
      ],
      values: [
        { label: "Callback URL", value: myDomainCallbackUrl(myDomain) },
        { label: "Scopes", value: "api, refresh_token, offline_access" },
      ],
    },
    uploadStep(certificate),
    {
      id: "permitted-users",
      title: "Pre-authorize the integration user",
      instructions: [
        'Policies → OAuth Policies → Permitted Users: "Admin approved users are pre-authorized".',
        "Under Policies, add the permission set or profile you assign to the integration user in the next step (a permission set on the Salesforce API Integration licence cannot hold apps: use the profile or a second permission set).",
        "Set the OAuth Start URL to your My Domain URL and refresh tokens valid for 365 days.",
        "Leave the session timeout at its default, or set it longer than the collector's polling interval: the Elastic salesforce input does not sign in again after INVALID_SESSION_ID, so a short timeout makes every collection after the first fail.",
      ],
      values: [{ label: "OAuth Start URL", value: myDomain }],
    },
    {
      id: "permission-set",
      title: "Assign the permission set to the integration user",
      instructions: [
        "Create a permission set for the collector (or use the integration user's profile): it is the one added to the app under Policies in the previous step.",
        "It must include the API Enabled and View Event Log Files permissions.",
        "Assign the permission set to the integration user: Setup → Users → the user → Permission Set Assignments → Edit Assignments.",
      ],
      values: usernameValue,
    },
    {
      id: "user",
      title: "Check the integration user",
      instructions: [
        "The user must be active, not frozen or locked, and hold API Enabled and View Event Log Files (Event Monitoring) through that permission set or the profile.",
        'If the user has login IP ranges, set IP Relaxation to "Relax IP restrictions" in the app\'s policies.',
      ],
      values: usernameValue,
    },
    {
      id: "client-id",
      title: "Copy the Client ID",
      instructions: [
        "External Client App Manager → your app → Settings → OAuth Settings → Consumer Key and Secret.",
        "Copy the Consumer Key into Client ID (Consumer Key) below. App changes take 2–10 minutes to apply.",
      ],
      values: [],
    },
  ];
}

// Salesforce does not show an uploaded certificate's fingerprint, so the customer checks the file before uploading it.
function uploadStep(certificate: ChecklistCertificate | null): ChecklistItem {
  const der = certificate?.uploadFormat === "der";
  const file = CERTIFICATE_FILENAMES[der ? "der" : "pem"];
  const command = `openssl x509${der ? " -inform DER" : ""} -noout -fingerprint -sha256 -in ${file}`;
  const upload = !certificate
    ? "Generate a certificate above, then upload its server.crt."
    : der
      ? `Upload the ${file} you downloaded above: this certificate's PEM is over Salesforce's 4 KB limit, so it goes in DER.`
      : certificate.uploadFormat === null
        ? "This certificate is over Salesforce's 4 KB limit even in DER: generate a new certificate above, then upload its server.crt."
        : `Upload the ${file} you downloaded above.`;
  return {
    id: "upload-certificate",
    title: "Enable JWT Bearer Flow and upload server.crt",
    instructions: [
      "Under Flow Enablement, tick Enable JWT Bearer Flow.",
      upload,
      `Salesforce does not show the certificate's fingerprint, so check the file before you upload it: the command below prints its SHA-256 fingerprint, which must match the one ${certificate ? "below" : "on the certificate card"}.`,
    ],
    values: [
      { label: "Fingerprint command", value: command },
      ...(certificate
        ? [
            { label: "SHA-256 fingerprint", value: certificate.fingerprintSha256 },
            { label: "Serial number", value: certificate.serialHex.toUpperCase() },
            { label: "Expires", value: formatUtc(certificate.notAfter) },
          ]
        : []),
    ],
  };
}

export function parseChecklistState(value: unknown): Partial<Record<SetupStepId, boolean>> {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(
    Object.entries(value).filter(([k, v]) => (SETUP_STEP_IDS as readonly string[]).includes(k) && v === true),
  );
}
