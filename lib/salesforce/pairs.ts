import type { SalesforceEnvironment } from "./hosts";

export type AudiencePair = { tokenHost: string; audience: string };
export type LoginHosts = { login: string; test: string };

const LOGIN_ORIGIN = "https://login.salesforce.com";
const TEST_ORIGIN = "https://test.salesforce.com";

export type PairOptions = {
  /** The pair that last worked for this connection: tried first. */
  saved?: AudiencePair | null;
  /** Never send the assertion to login/test (.mil, .cn, or an org marked Gov Cloud / no login.salesforce.com). */
  myDomainOnly?: boolean;
  /** Replaces only where login/test requests are sent (local fakes in tests); the audiences stay the real ones. */
  loginHosts?: LoginHosts | null;
};

/**
 * The ordered (token host, audience) pairs to try (docs/salesforce.md §2). The org's own host comes first, so Gov Cloud-style orgs
 * (host = My Domain, aud = login) are found in at most three tries and the user's Login History gets the fewest
 * failures: the saved pair; (My Domain, My Domain); (My Domain, aud of the environment); (My Domain, the other aud);
 * only then (environment's login host, its aud) and (the other login host, its aud).
 */
export function audiencePairs(
  instanceUrl: string,
  environment: SalesforceEnvironment,
  opts: PairOptions = {},
): AudiencePair[] {
  const myDomain = instanceUrl.replace(/\/+$/, "");
  const [envAud, otherAud] = environment === "sandbox" ? [TEST_ORIGIN, LOGIN_ORIGIN] : [LOGIN_ORIGIN, TEST_ORIGIN];
  const loginHost = (aud: string) =>
    (opts.loginHosts ? (aud === LOGIN_ORIGIN ? opts.loginHosts.login : opts.loginHosts.test) : aud).replace(/\/+$/, "");
  const candidates: AudiencePair[] = [
    ...(opts.saved ? [opts.saved] : []),
    { tokenHost: myDomain, audience: myDomain },
    { tokenHost: myDomain, audience: envAud },
    { tokenHost: myDomain, audience: otherAud },
    ...(opts.myDomainOnly
      ? []
      : [
          { tokenHost: loginHost(envAud), audience: envAud },
          { tokenHost: loginHost(otherAud), audience: otherAud },
        ]),
  ];
  const allowedHosts = new Set([myDomain, ...(opts.myDomainOnly ? [] : [loginHost(envAud), loginHost(otherAud)])]);
  const pairs: AudiencePair[] = [];
  for (const pair of candidates) {
    // A saved pair from before the org was marked My Domain only (or another host) is not tried.
    if (!allowedHosts.has(pair.tokenHost)) continue;
    if (!pairs.some((p) => p.tokenHost === pair.tokenHost && p.audience === pair.audience)) pairs.push(pair);
  }
  return pairs;
}
