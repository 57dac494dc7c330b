import { expect, test } from "@playwright/test";

test("every response carries the security headers and no framework banner", async ({ request }) => {
  for (const path of ["/sign-in", "/api/health", "/api/certificates/00000000-0000-4000-8000-000000000000/download"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).toContain("object-src 'none'");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});

test("every response carries a fresh X-Request-Id of the portal's own, whatever the client sent", async ({
  request,
}) => {
  const ids = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const response = await request.get("/api/health", { headers: { "X-Request-Id": "chosen-by-the-client" } });
    const id = response.headers()["x-request-id"] ?? "";
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    ids.add(id);
  }
  expect(ids.size).toBe(3);
});

test("scripts run only with the response's nonce: no 'unsafe-inline', a fresh nonce per request, and pages still hydrate", async ({
  page,
  request,
}) => {
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const response = await request.get("/sign-in");
    const csp = response.headers()["content-security-policy"] ?? "";
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
    expect(nonce, csp).toBeTruthy();
    nonces.push(nonce!);
    // Next puts the nonce on every script it renders, inline or not.
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  }
  expect(nonces[0]).not.toBe(nonces[1]);

  // Hydrated: the sign-in form answers in place (client code), and the browser reports no policy violation.
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/sign-in");
  // An address no other journey uses: the sign-in journeys count the failures audited for theirs.
  await page.getByLabel("Email").fill(`csp-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert", { name: "Sign-in failed" })).toBeVisible();
  expect(new URL(page.url()).search).toBe("");
  expect(violations).toEqual([]);
});
