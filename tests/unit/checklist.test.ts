import { describe, expect, expectTypeOf, test } from "vitest";
import {
  buildChecklist,
  CHECKLIST_STEP_IDS,
  parseChecklistState,
  type ChecklistCertificate,
  type ChecklistItem,
  type ChecklistStepId,
} from "@/lib/connections/checklist";
import type { ChecklistStep } from "@/lib/salesforce/errors";

const certificate: ChecklistCertificate = {
  fingerprintSha256: "AB:CD:EF:01",
  serialHex: "4f2a9c0de1",
  notAfter: new Date("2030-01-31T12:34:56Z"),
  uploadFormat: "pem",
};

const build = (cert: ChecklistCertificate | null = certificate) =>
  buildChecklist({ instanceUrl: "https://acme.my.salesforce.com", username: "collector@acme.com", certificate: cert });

const step = (items: ChecklistItem[], id: ChecklistStepId) => {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};

// Everything the customer reads in the checklist, as one text.
const allText = (items: ChecklistItem[]) =>
  items.flatMap((i) => [i.title, ...i.instructions, ...i.values.flatMap((v) => [v.label, v.value])]).join("\n");

const valueOf = (item: ChecklistItem, label: string) => item.values.find((v) => v.label === label)?.value;

describe("session timeout", () => {
  test("nothing asks for a 15-minute session timeout", () => {
    for (const cert of [certificate, null]) expect(allText(build(cert))).not.toMatch(/15[\s-]*min/i);
  });

  test("the policies step says to leave the timeout at its default or longer than the polling interval, and why", () => {
    const text = step(build(), "permitted-users").instructions.join("\n");
    expect(text).toContain(
      "Leave the session timeout at its default, or set it longer than the collector's polling interval",
    );
    expect(text).toContain(
      "the Elastic salesforce input does not sign in again after INVALID_SESSION_ID, so a short timeout makes every collection after the first fail",
    );
  });
});

describe("scopes and flows", () => {
  test("the scopes to copy are api, refresh_token, offline_access, and full is marked optional", () => {
    const scopes = step(build(), "scopes");
    expect(valueOf(scopes, "Scopes")).toBe("api, refresh_token, offline_access");
    const fullLine = scopes.instructions.find((line) => line.includes("(full)"));
    expect(fullLine).toMatch(/Full access \(full\) is optional/);
    expect(fullLine).toContain("api and refresh_token, offline_access are enough");
  });

  test("the Client Credentials flow and the consumer secret via REST are to be left off", () => {
    expect(step(build(), "scopes").instructions).toContain(
      "Not needed, leave off: the Client Credentials flow, and access to the consumer secret via the REST API. Both open a second, secret-based way into the org.",
    );
    expect(allText(build())).not.toMatch(/enable client credentials/i);
  });
});

describe("permission set step", () => {
  test("comes right after pre-authorizing and before checking the user, in the built list and in the stored ids", () => {
    const ids = build().map((i) => i.id);
    expect(ids).toEqual([
      "my-domain",
      "create-app",
      "scopes",
      "upload-certificate",
      "permitted-users",
      "permission-set",
      "user",
      "client-id",
    ]);
    expect([...CHECKLIST_STEP_IDS]).toEqual(ids);
  });

  test("says what to create, what it must include, and where to assign it", () => {
    const item = step(build(), "permission-set");
    expect(item.title).toBe("Assign the permission set to the integration user");
    const text = item.instructions.join("\n");
    expect(text).toMatch(/permission set .*profile/);
    expect(text).toContain("Policies");
    expect(text).toContain("API Enabled");
    expect(text).toContain("View Event Log Files");
    expect(text).toContain("Setup → Users → the user → Permission Set Assignments");
    expect(valueOf(item, "Username")).toBe("collector@acme.com");
  });

  test("its done state is kept like every other step's, and diagnoses can only name steps that exist", () => {
    expect(parseChecklistState({ "permission-set": true, user: false })).toEqual({ "permission-set": true });
    expectTypeOf<ChecklistStep>().toExtend<ChecklistStepId>();
  });
});

describe("checking the uploaded certificate", () => {
  test("no longer claims Salesforce shows the fingerprint; gives the openssl command for server.crt instead", () => {
    const item = step(build(), "upload-certificate");
    expect(allText(build())).not.toMatch(/Salesforce shows its fingerprint|must match this one/);
    expect(item.instructions.join("\n")).toContain("Salesforce does not show the certificate's fingerprint");
    expect(valueOf(item, "Fingerprint command")).toBe("openssl x509 -noout -fingerprint -sha256 -in server.crt");
  });

  test("shows the fingerprint, the serial number as openssl prints it, and the expiry in UTC", () => {
    const item = step(build(), "upload-certificate");
    expect(valueOf(item, "SHA-256 fingerprint")).toBe("AB:CD:EF:01");
    expect(valueOf(item, "Serial number")).toBe("4F2A9C0DE1");
    expect(valueOf(item, "Expires")).toBe("2030-01-31 12:34:56 UTC");
  });

  test("a certificate whose PEM is over 4 KB is uploaded and checked as server.der", () => {
    const item = step(build({ ...certificate, uploadFormat: "der" }), "upload-certificate");
    expect(item.instructions.join("\n")).toMatch(/Upload the server\.der .*4 KB.*DER/);
    expect(valueOf(item, "Fingerprint command")).toBe(
      "openssl x509 -inform DER -noout -fingerprint -sha256 -in server.der",
    );
  });

  test("a certificate too large even as DER asks for a new certificate", () => {
    const item = step(build({ ...certificate, uploadFormat: null }), "upload-certificate");
    expect(item.instructions.join("\n")).toMatch(/even in DER: generate a new certificate/);
  });

  test("without a certificate yet: the command, but no fingerprint, serial or expiry", () => {
    const item = step(build(null), "upload-certificate");
    expect(item.instructions.join("\n")).toContain("Generate a certificate above");
    expect(valueOf(item, "Fingerprint command")).toBe("openssl x509 -noout -fingerprint -sha256 -in server.crt");
    expect(item.values.map((v) => v.label)).toEqual(["Fingerprint command"]);
  });
});

describe("labels", () => {
  test("every step has a title and every value a distinct, non-empty label (the copy buttons' names)", () => {
    for (const cert of [certificate, null]) {
      for (const item of build(cert)) {
        expect(item.title.trim()).not.toBe("");
        const labels = item.values.map((v) => v.label);
        for (const label of labels) expect(label.trim()).not.toBe("");
        expect(new Set(labels).size).toBe(labels.length);
      }
    }
  });
});
