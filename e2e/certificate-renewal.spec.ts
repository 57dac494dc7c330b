import { expect, test } from "@playwright/test";
import { sql } from "./support/db";
import { FAKE } from "./support/fake-salesforce";
import { runTestAgainstFake, SF_USERNAME } from "./support/journeys";

// README "Renewing a certificate", in the browser: renew, test with the old certificate still in Salesforce, upload
// the new one to the (fake) app, test again: the new key takes over.
const statuses = async (connectionId: string) =>
  (
    await sql<{ status: string }>(
      `SELECT status::text FROM certificates WHERE connection_id = $1 ORDER BY created_at`,
      [connectionId],
    )
  ).map((r) => r.status);

test("a connected org renews its certificate without a gap", async ({ page }) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin());
  await expect(page.getByTestId("end-state")).toBeVisible();
  await page.getByText("Setup details: certificate, Salesforce setup, fields").click();
  await expect(page.getByRole("button", { name: "Renew certificate…" })).toBeVisible();
  // The expiry reminder's link (?renew=1#certificate) lands on the renewal form, already open.
  await page.goto(`/connections/${connectionId}?renew=1#certificate`);
  // Prefilled with the certificate in use.
  await expect(page.getByLabel("Organization Name")).not.toHaveValue("");
  await page.getByRole("button", { name: "Create the renewal certificate" }).click();
  const pending = page.getByRole("region", { name: "Pending certificate" });
  await expect(pending).toBeVisible();
  await expect(pending).toContainText("upload it in place of the old certificate");
  expect(await statuses(connectionId)).toEqual(["active", "pending"]);
  const [pendingRow] = await sql<{ id: string; certificate_pem: string }>(
    `SELECT id, certificate_pem FROM certificates WHERE connection_id = $1 AND status = 'pending'`,
    [connectionId],
  );
  await expect(pending.getByRole("link", { name: "Download server.crt" })).toHaveAttribute(
    "href",
    `/api/certificates/${pendingRow!.id}/download`,
  );

  // Salesforce still holds the old certificate: the test passes with it, and says so.
  await page.getByRole("button", { name: "Test connection" }).click();
  const verdict = page.getByRole("region", { name: "Test result" }).first();
  await expect(verdict).toContainText("accepted the current certificate, not the new one", { timeout: 45_000 });
  expect(await statuses(connectionId)).toEqual(["active", "pending"]);

  // The customer uploads the new server.crt to the app (one certificate per app).
  const [conn] = await sql<{ client_id: string }>(`SELECT client_id FROM connections WHERE id = $1`, [connectionId]);
  const upload = await fetch(`${FAKE.origin()}/__fake/apps`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      clientId: conn!.client_id,
      certificatePem: pendingRow!.certificate_pem,
      usernames: [SF_USERNAME],
      acceptedAudiences: [FAKE.origin()],
      preAuthorized: true,
      eventLogs: "ok",
    }),
  });
  expect(upload.ok).toBe(true);

  await page.reload();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("region", { name: "Test result" }).first()).toContainText(
    "Salesforce accepted the new certificate: it is now in use",
    { timeout: 45_000 },
  );
  expect(await statuses(connectionId)).toEqual(["retired", "active"]);
  await page.reload();
  await expect(page.getByRole("region", { name: "Pending certificate" })).toHaveCount(0);
  await expect(page.getByTestId("end-state")).toBeVisible();
});
