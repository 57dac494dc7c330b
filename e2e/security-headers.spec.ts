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
