import type { Advice } from "./errors";
import { LOGIN_ROWS } from "./errors-catalogue-login";

// What each token error means and how to fix it (docs/salesforce.md §3); the diagnose functions are in errors.ts.

export type CatalogueRow = { error: string; contains?: string; advice: Advice };

// Salesforce says it with either error code, depending on the org and the app's settings.
const NOT_ADMIN_APPROVED: Advice = {
  code: "user_not_admin_approved",
  fixableBy: "customer",
  title: "The user is not admin approved for this app",
  cause:
    "The app is admin-approved only and the user's profile or permission set is not assigned to it, or API Access Control blocks the app.",
  fix: "Assign the user's profile or permission set to the app; if API Access Control is on, allow-list the app.",
  checklistStep: "permitted-users",
  stopEarly: false,
  finalOnMyDomain: true,
  tryNextPair: true,
};

// Doc §4. Order matters: the first row whose error matches and whose text is in the description wins. The app's
// setup comes first, then what Salesforce says about the login itself (errors-catalogue-login.ts).
export const TOKEN_CATALOGUE: CatalogueRow[] = [
  {
    error: "invalid_client_id",
    advice: {
      code: "invalid_client_id",
      fixableBy: "customer",
      title: "Salesforce does not know this Client ID",
      cause:
        "The consumer key is wrong, the app belongs to another org (for example created in production but used on a sandbox), or recent app changes have not propagated yet.",
      fix: "Copy the Client ID again from Setup → External Client App Manager → your app → OAuth Settings, and use the org that owns the app. App changes take 2–10 minutes to apply.",
      checklistStep: "client-id",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "invalid assertion",
    advice: {
      code: "invalid_assertion",
      fixableBy: "customer",
      title: "The certificate in Salesforce does not match this key",
      cause: "The JWT was signed with a private key whose certificate is not the one uploaded to the app.",
      fix: "Upload this connection's current server.crt to the app (Flow Enablement → Enable JWT Bearer Flow) and compare the SHA-256 fingerprints.",
      checklistStep: "upload-certificate",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "audience is invalid",
    advice: {
      code: "audience_invalid",
      fixableBy: "customer",
      title: "This login endpoint does not accept that audience",
      cause: "The aud claim is not accepted by the token endpoint that was called.",
      fix: "The test tries every host and audience; if all of them fail, check that the instance is marked correctly as production or sandbox.",
      checklistStep: "my-domain",
      stopEarly: false,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "user hasn't approved this consumer",
    advice: {
      code: "user_not_approved",
      fixableBy: "customer",
      title: "The user is not pre-authorized for the app",
      cause:
        "The user is not pre-authorized, the profile or permission set is not added to the app, the refresh_token scope is missing, the username does not exist in this org, or the wrong environment was used.",
      fix: "In the app's Policies set Permitted Users to \"Admin approved users are pre-authorized\" and add the integration user's profile or permission set; include the api and refresh_token, offline_access scopes. A permission set on the Salesforce API Integration licence cannot hold assigned apps: use the profile or a second permission set.",
      checklistStep: "permitted-users",
      stopEarly: false,
      tryNextPair: true,
    },
  },
  // Matched by description whatever the error field says (invalid_app_access, invalid_grant, …).
  {
    error: "*",
    contains: "not admin approved",
    advice: NOT_ADMIN_APPROVED,
  },
  { error: "invalid_app_access", advice: NOT_ADMIN_APPROVED },
  {
    error: "app_not_found",
    advice: {
      code: "app_not_installed",
      fixableBy: "customer",
      title: "The app is not installed in the org that was reached",
      cause: "The request reached an org without the app, or login/test was used where the My Domain is required.",
      fix: "Use the My Domain URL as the instance URL, and create the External Client App in this org.",
      checklistStep: "my-domain",
      stopEarly: false,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_request",
    contains: "refresh_token scope is required",
    advice: {
      code: "refresh_scope_required",
      fixableBy: "customer",
      title: "The app lacks the refresh_token scope or the user is not pre-authorized",
      cause:
        "Salesforce requires the refresh_token, offline_access scope and an admin pre-authorized user for the JWT bearer flow.",
      fix: 'Add "Perform requests at any time (refresh_token, offline_access)" to the app\'s scopes, and set Permitted Users to "Admin approved users are pre-authorized" with the integration user\'s profile or permission set added.',
      checklistStep: "scopes",
      stopEarly: false,
      tryNextPair: true,
    },
  },
  ...LOGIN_ROWS,
];

export const NON_JSON: Advice = {
  code: "non_json_response",
  fixableBy: "customer",
  title: "The answer was not from a Salesforce login endpoint",
  cause: "The host returned a web page instead of JSON: a Lightning or site address, a proxy, or an outage.",
  fix: "Use the My Domain URL (https://<name>.my.salesforce.com) as the instance URL.",
  checklistStep: "my-domain",
  stopEarly: false,
  tryNextPair: true,
};
export const UNAVAILABLE: Advice = {
  code: "salesforce_unavailable",
  fixableBy: "customer",
  title: "Salesforce answered with a server error",
  cause: "Salesforce or a proxy in between had an error or is under maintenance.",
  fix: "Try again in a few minutes and check https://status.salesforce.com for your instance.",
  stopEarly: false,
  tryNextPair: true,
};
