"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { renewCertificateStaffAction } from "./actions";

// Support renews with the certificate's details unchanged; the customer edits them on their own page if needed.
export function StaffRenewCertificateForm({
  connectionId,
  requestToken,
}: {
  connectionId: string;
  requestToken: string;
}) {
  const form = useFormAction(renewCertificateStaffAction);
  return (
    <ActionForm
      form={form}
      name={{ label: "Renew certificate", className: "space-y-2" }}
      hidden={{ connectionId, requestToken }}
      errorTitle="The renewal certificate was not created"
      success
      submit="Renew certificate (same details)"
      pendingSubmit="Creating the new certificate…"
    >
      <p className="text-sm text-slate-600">
        Creates a pending certificate with a new key beside the one in use, which keeps working until a test succeeds
        with the new key.
      </p>
    </ActionForm>
  );
}
