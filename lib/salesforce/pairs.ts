import type { SalesforceEnvironment } from "./hosts";

export type AudiencePair = { tokenHost: string; audience: string };
export type LoginHosts = { login: string; test: string };

export const LOGIN_ORIGIN = "https://login.salesforce.com";
export const TEST_ORIGIN = "https://test.salesforce.com";

/**
 * The ordered (token host, audience) pairs to try (doc §3): My Domain first, then the login
 * host matching the environment, then the other one, then My Domain with a login audience.
 * `loginHosts` replaces only where login/test requests are sent (a fake server in tests);
 * the audiences stay the real ones.
 */
export function audiencePairs(instanceUrl: string, environment: SalesforceEnvironment, opts: { loginHosts?: LoginHosts } = {}): AudiencePair[] {
  const myDomain = instanceUrl.replace(/\/+$/, "");
  const [first, second] = environment === "sandbox" ? [TEST_ORIGIN, LOGIN_ORIGIN] : [LOGIN_ORIGIN, TEST_ORIGIN];
  const logical: AudiencePair[] = [
    { tokenHost: myDomain, audience: myDomain },
    { tokenHost: first, audience: first },
    { tokenHost: second, audience: second },
    { tokenHost: myDomain, audience: LOGIN_ORIGIN },
    { tokenHost: myDomain, audience: TEST_ORIGIN },
  ];
  const hostFor = (host: string) =>
    host === LOGIN_ORIGIN && opts.loginHosts ? opts.loginHosts.login : host === TEST_ORIGIN && opts.loginHosts ? opts.loginHosts.test : host;
  const pairs: AudiencePair[] = [];
  for (const pair of logical) {
    const mapped = { tokenHost: hostFor(pair.tokenHost).replace(/\/+$/, ""), audience: pair.audience };
    if (!pairs.some((p) => p.tokenHost === mapped.tokenHost && p.audience === mapped.audience)) pairs.push(mapped);
  }
  return pairs;
}
