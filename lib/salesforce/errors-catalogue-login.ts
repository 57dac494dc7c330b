import type { Advice } from "./errors";
import type { CatalogueRow } from "./errors-catalogue";

// The token catalogue's second half: once the app is set up, what Salesforce says about this login (the clock, the
// user, the org, the rate limits). Order matters, as in TOKEN_CATALOGUE.

const IP_RESTRICTED_FIX =
  "In the app's Policies set IP Relaxation to \"Relax IP restrictions\", or add the collector's egress IP address to the integration user's profile → Login IP Ranges. Test connection ran from the portal's IP address, which may differ from the collector's: allow both.";

const USER_BLOCKED_FIX =
  'Reactivate, unfreeze or unlock the integration user in Setup → Users. If the user has login IP ranges, set IP Relaxation to "Relax IP restrictions" in the app\'s policies.';

// Salesforce says it with either error code.
const USER_INACTIVE: Advice = {
  code: "user_inactive",
  fixableBy: "customer",
  title: "The integration user is inactive",
  cause: "The user is deactivated or frozen.",
  fix: USER_BLOCKED_FIX,
  checklistStep: "user",
  stopEarly: false,
  finalOnMyDomain: true,
  tryNextPair: true,
};

export const LOGIN_ROWS: CatalogueRow[] = [
  {
    error: "invalid_grant",
    contains: "expired authorization code",
    advice: {
      code: "assertion_expired",
      fixableBy: "provider",
      title: "Salesforce says the assertion has expired",
      cause: "The exp claim was in the past from Salesforce's point of view: the portal server's clock is wrong.",
      fix: "Synchronise the portal server's clock (NTP). If the clock is right, this is a portal bug: contact support.",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "ip restricted or invalid login hours",
    advice: {
      code: "ip_restricted",
      fixableBy: "customer",
      title: "Salesforce refused the login from this IP address or at this hour",
      cause:
        "The integration user's profile restricts login IP ranges or login hours, and the app does not relax IP restrictions.",
      fix: IP_RESTRICTED_FIX,
      checklistStep: "user",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  { error: "inactive_user", advice: USER_INACTIVE },
  { error: "invalid_grant", contains: "inactive user", advice: USER_INACTIVE },
  {
    error: "invalid_grant",
    contains: "user is locked",
    advice: {
      code: "user_locked",
      fixableBy: "customer",
      title: "The integration user is locked",
      cause: "The user is locked out, usually after failed logins.",
      fix: USER_BLOCKED_FIX,
      checklistStep: "user",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "inactive_org",
    advice: {
      code: "org_inactive",
      fixableBy: "customer",
      title: "The Salesforce org is locked, closed or suspended",
      cause:
        "Salesforce reports the organisation itself as inactive: a trial that expired, an org that was closed, or one suspended for billing.",
      fix: "Ask your Salesforce administrator or account executive to reactivate the org; nothing in the app can fix this.",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "authentication failure",
    advice: {
      code: "authentication_failure",
      fixableBy: "customer",
      title: "Salesforce refused the login for this user",
      cause:
        "The user is deactivated, frozen, locked, or restricted to login IP ranges that do not include the portal.",
      fix: USER_BLOCKED_FIX,
      checklistStep: "user",
      stopEarly: false,
      tryNextPair: false,
    },
  },
  {
    error: "invalid_grant",
    contains: "login rate exceeded",
    advice: {
      code: "login_rate_exceeded",
      fixableBy: "customer",
      title: "Too many logins for this user",
      cause: "Salesforce limits logins per user per hour.",
      fix: "Wait an hour and test again; collectors should cache their tokens.",
      stopEarly: true,
      tryNextPair: false,
    },
  },
  {
    error: "rate_limit_exceeded",
    advice: {
      code: "rate_limit_exceeded",
      fixableBy: "customer",
      title: "Salesforce is rate-limiting token requests",
      cause: "Too many token requests reached Salesforce for this user or app in a short time.",
      fix: "Wait a few minutes before testing again, and make sure collectors reuse their tokens instead of requesting one per call.",
      stopEarly: true,
      tryNextPair: false,
    },
  },
  {
    error: "unsupported_grant_type",
    advice: {
      code: "unsupported_grant_type",
      fixableBy: "provider",
      title: "Salesforce did not accept the grant type",
      cause: "The grant type string or its encoding is wrong: a portal bug.",
      fix: "Contact support: the portal sent a malformed token request.",
      stopEarly: true,
      tryNextPair: false,
    },
  },
];
