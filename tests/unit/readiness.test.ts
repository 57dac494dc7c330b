import { describe, expect, it } from "vitest";
import { missingForTest } from "@/lib/connections/readiness";

const ready = {
  certificate: { id: "c1" },
  username: "integration@acme.com",
  clientId: "3MVG9abc",
  instanceUrl: "https://acme.my.salesforce.com",
  environment: "production",
};

describe("what Test connection still needs, by the page's step numbers", () => {
  it("is ready with a certificate, the My Domain, the username and the Client ID", () => {
    expect(missingForTest(ready, "customer")).toBeUndefined();
  });

  it("names the step that is missing: the certificate (2), the My Domain (1), then the fields (4)", () => {
    expect(missingForTest({ ...ready, certificate: null }, "customer")).toBe("Generate a certificate first (step 2).");
    expect(missingForTest({ ...ready, instanceUrl: null }, "customer")).toBe("Save your My Domain first (step 1).");
    expect(missingForTest({ ...ready, username: null }, "customer")).toBe("Save the connection fields first (step 4).");
    expect(missingForTest({ ...ready, clientId: null }, "runner")).toMatch(
      /Client ID \(Consumer Key\) first \(step 4\)/,
    );
    expect(missingForTest({ ...ready, instanceUrl: null }, "staff")).toMatch(/not saved the Instance URL/);
  });
});
