import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript, run by node itself (scripts/server.mjs)
import { routeLabel } from "../../scripts/route-label.mjs";

// The metrics' route label must never carry an id, a token or a query: a label per connection would grow without end.
describe("routeLabel", () => {
  it.each([
    ["/connections/0b8e2c1e-8f1a-4c55-9a51-3a1f0e4f4d2a?tab=x", "/connections/[id]"],
    ["/support/webhooks/0b8e2c1e-8f1a-4c55-9a51-3a1f0e4f4d2a", "/support/webhooks/[id]"],
    ["/api/v1/connections/0B8E2C1E-8F1A-4C55-9A51-3A1F0E4F4D2A/private-key", "/api/v1/connections/[id]/private-key"],
    ["/invite/3q2-7Yb9xZ_long-one-time-token-value-here-0123456789", "/invite/[value]"],
    ["/support/jobs/12345", "/support/jobs/[n]"],
    ["/reset-password/Zk3p9Qw2", "/reset-password/[value]"],
    ["/api/v1/openapi.json", "/api/v1/openapi.json"],
    ["/_next/static/chunks/abc.js", "/_next/static"],
    ["/", "/"],
    ["/a%20b", "/[value]"],
  ])("%s → %s", (url, label) => {
    expect(routeLabel(url)).toBe(label);
  });
});
