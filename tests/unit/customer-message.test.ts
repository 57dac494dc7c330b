import { describe, expect, test } from "vitest";
import { buildCustomerMessage, checklistStepName } from "@/lib/connections/customer-message";
import { diagnoseTokenError } from "@/lib/salesforce/errors";
import { diagnosisFor } from "@/lib/salesforce/errors-audience";

// The catalogue's real entry for a user the app does not pre-authorize.
const notApproved = diagnoseTokenError(
  400,
  JSON.stringify({ error: "invalid_grant", error_description: "user hasn't approved this consumer" }),
);

describe("the message support copies for the customer", () => {
  test("says what failed, the catalogue's fix and the checklist step by its number and title", () => {
    const message = buildCustomerMessage({ connectionName: "Production org", outcome: "failed", ...notApproved });
    expect(notApproved.checklistStep).toBe("permitted-users");
    expect(message).toContain(`“Production org” and it did not connect: ${notApproved.title}.`);
    expect(message).toContain(`What to do: ${notApproved.fix}`);
    expect(message).toContain("step 5, “Pre-authorize the integration user” of the Salesforce setup checklist");
    expect(message).toContain("click Test connection");
    // Plain text for an email: no markup, and nothing of Salesforce's raw error code.
    expect(message).not.toMatch(/[<>]/);
    expect(message).not.toContain("invalid_grant");
  });

  test("a warning reads as connected, and a diagnosis without a step leaves the step line out", () => {
    const message = buildCustomerMessage({
      connectionName: "Sandbox",
      outcome: "warnings",
      title: "Connected, but the collector would read nothing yet.",
      fix: "Assign View Event Log Files to the integration user.",
    });
    expect(message).toContain("it connected, with a warning: Connected, but the collector would read nothing yet.\n");
    expect(message).not.toContain("..");
    expect(message).not.toContain("checklist");
  });

  test("names steps as the customer's page numbers them, and nothing for an unknown one", () => {
    expect(checklistStepName("my-domain")).toBe("step 1, “Find your My Domain URL”");
    expect(checklistStepName("upload-certificate")).toBe("step 4, “Enable JWT Bearer Flow and upload server.crt”");
    expect(checklistStepName(undefined)).toBeNull();
  });

  test("a provider-side cause reaches the customer as ours to fix, with the reference and no server instruction", () => {
    const expired = diagnoseTokenError(
      400,
      JSON.stringify({ error: "invalid_grant", error_description: "expired authorization code" }),
    );
    expect(expired.fixableBy).toBe("provider");
    const customer = diagnosisFor(expired, "customer", "run-123");
    const message = buildCustomerMessage({
      connectionName: "Production org",
      outcome: "failed",
      ...customer,
      providerSideCause: customer.cause,
    });
    expect(message).toContain(
      "This is on our side, not in your Salesforce setup; support has been notified (reference run-123).",
    );
    expect(message).toContain("What to do: Nothing to change in your Salesforce setup.");
    expect(message).not.toMatch(/clock|NTP|portal server|proxy/i);
  });
});
