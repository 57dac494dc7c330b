// Browser-safe pieces of the External Client App bundle, shared by its form schema and its builder.

export const IP_RELAXATION_POLICIES = ["Enforce", "Bypass", "Bypass_2factor", "Enforce_RelaxRefresh"] as const;
export type IpRelaxationPolicy = (typeof IP_RELAXATION_POLICIES)[number];

// Api (REST calls) and RefreshToken/OfflineAccess, spelled as the ExtlClntAppOauthSettings scope enum spells them.
export const ECA_OAUTH_SCOPES = ["Api", "RefreshToken", "OfflineAccess"] as const;

/** Salesforce's API-name rule (developer names): letters, digits, underscores; a letter first; no "__"; no "_" last. */
const API_NAME_MAX = 40;
const API_NAME_FIELDS = {
  appName: { name: "app name", enter: "Enter an app name." },
  label: { name: "label", enter: "Enter a label for the app, such as Log_Collector." },
} as const;
// The permission set is `<App>_Collector`, whose own name must stay within 80 characters: 40 leaves room.
export function apiNameProblem(value: string, field: keyof typeof API_NAME_FIELDS = "appName"): string | null {
  const { name, enter } = API_NAME_FIELDS[field];
  const rule =
    "Use letters, digits and single underscores, starting with a letter and not ending with an underscore, at most 40 characters (e.g. Log_Collector).";
  if (value.length === 0) return `${enter} ${rule}`;
  if (value.length > API_NAME_MAX) return `The ${name} is ${value.length} characters long. ${rule}`;
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(value) || value.includes("__") || value.endsWith("_"))
    return `The ${name} "${value}" is not a valid API name. ${rule}`;
  return null;
}

/** The app's callback URL, as the runbook gives it (https://<my-domain>/callback): the JWT bearer flow never calls it,
 * but Salesforce requires one once OAuth is on. The checklist and the bundle use this one value. */
export function myDomainCallbackUrl(myDomainUrl: string): string {
  return `${myDomainUrl.replace(/\/+$/, "")}/callback`;
}
