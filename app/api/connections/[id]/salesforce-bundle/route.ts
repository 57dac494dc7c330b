import { route } from "@/lib/auth/route";
import { assertBundleAccess, downloadSalesforceBundle } from "@/lib/connections/salesforce-bundle";
import { salesforceBundleSchema } from "@/lib/connections/schemas";
import { assertSameOrigin, fileResponse, readForm } from "@/lib/http";

// POST /api/connections/{id}/salesforce-bundle (form: appName, label, contactEmail, ipRelaxation, setupAuditTrail):
// the External Client App as an SFDX project zip. POST, not GET: the first download stores a new Client ID.
// Errors are JSON { error, message, fieldErrors? } so the page can show them inline.
export const POST = route({ access: "signed-in" }, async ({ request, user, params, ip }) => {
  assertSameOrigin(request, "Download the bundle from the portal's own page.");
  await assertBundleAccess(user, params.id ?? "");
  const form = await readForm(request, salesforceBundleSchema);
  const file = await downloadSalesforceBundle(user, params.id ?? "", form, ip);
  return fileResponse(new Uint8Array(file.body), file);
});
