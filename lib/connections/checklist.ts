import type { ChecklistStep } from "@/lib/salesforce/errors";

// The runbook's Salesforce side (doc §1 step 8-9), personalised for one connection. Diagnoses link to these ids.
export type ChecklistStepId = "create-app" | "scopes" | "upload-certificate" | "permitted-users" | "user" | "client-id" | "my-domain";

export type ChecklistValue = { label: string; value: string };
export type ChecklistItem = { id: ChecklistStepId; title: string; instructions: string[]; values: ChecklistValue[] };

export const CHECKLIST_STEP_IDS: readonly ChecklistStepId[] = ["my-domain", "create-app", "scopes", "upload-certificate", "permitted-users", "user", "client-id"];

type Context = { instanceUrl: string | null; fingerprintSha256: string | null; username: string | null };

export function buildChecklist({ instanceUrl, fingerprintSha256, username }: Context): ChecklistItem[] {
  const myDomain = instanceUrl ?? "https://yourcompany.my.salesforce.com";
  return [
    {
      id: "my-domain",
      title: "Find your My Domain URL",
      instructions: ["In Salesforce Setup, search for My Domain and copy the Current My Domain URL.", "Enter it below as the Instance URL (not a lightning.force.com address)."],
      values: instanceUrl ? [{ label: "Instance URL", value: instanceUrl }] : [],
    },
    {
      id: "create-app",
      title: "Create the External Client App",
      instructions: ["Setup → App Manager → New External Client App.", "Give it a name and a contact email, and set Distribution State to Local."],
      values: [{ label: "App name", value: "Log collector (JWT)" }],
    },
    {
      id: "scopes",
      title: "Enable OAuth, the callback URL and the scopes",
      instructions: [
        "Under API (Enable OAuth Settings), tick Enable OAuth and enter the callback URL.",
        "Select the scopes: Manage user data via APIs (api), Perform requests at any time (refresh_token, offline_access) and Full access (full).",
        "Under Security, require the secret for the Web Server and Refresh Token flows and enable refresh token rotation.",
      ],
      values: [
        { label: "Callback URL", value: `${myDomain}/callback` },
        { label: "Scopes", value: "api, refresh_token, offline_access, full" },
      ],
    },
    {
      id: "upload-certificate",
      title: "Enable JWT Bearer Flow and upload server.crt",
      instructions: ["Under Flow Enablement, tick Enable JWT Bearer Flow.", "Upload the server.crt you downloaded above. Salesforce shows its fingerprint: it must match this one."],
      values: fingerprintSha256 ? [{ label: "SHA-256 fingerprint", value: fingerprintSha256 }] : [],
    },
    {
      id: "permitted-users",
      title: "Pre-authorize the integration user",
      instructions: [
        'Policies → OAuth Policies → Permitted Users: "Admin approved users are pre-authorized".',
        "Add the integration user's profile or a permission set assigned to the user (a permission set on the Salesforce API Integration licence cannot hold apps: use the profile or a second permission set).",
        "Set the OAuth Start URL to your My Domain URL, refresh tokens valid for 365 days and the session timeout to 15 minutes.",
      ],
      values: [{ label: "OAuth Start URL", value: myDomain }],
    },
    {
      id: "user",
      title: "Check the integration user",
      instructions: [
        "The user must be active, not frozen or locked, with API Enabled and View Event Log Files (Event Monitoring).",
        'If the user has login IP ranges, set IP Relaxation to "Relax IP restrictions" in the app\'s policies.',
      ],
      values: username ? [{ label: "Username", value: username }] : [],
    },
    {
      id: "client-id",
      title: "Copy the Client ID",
      instructions: ["External Client App Manager → your app → Settings → OAuth Settings → Consumer Key and Secret.", "Copy the Consumer Key into Client ID (Consumer Key) below. App changes take 2–10 minutes to apply."],
      values: [],
    },
  ];
}

// A diagnosis names the step that fixes it; every such step exists in the checklist.
export function checklistAnchor(step: ChecklistStep | undefined): string | null {
  return step ? `#step-${step}` : null;
}

export function parseChecklistState(value: unknown): Partial<Record<ChecklistStepId, boolean>> {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => (CHECKLIST_STEP_IDS as readonly string[]).includes(k) && v === true));
}
