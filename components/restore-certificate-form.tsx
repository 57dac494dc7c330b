"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import type { ActionState } from "@/lib/auth/actions";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  connectionId: string;
  certificateId: string;
};

// Rollback of a retired certificate whose key is still kept: it becomes pending, as a renewal does.
export function RestoreCertificateForm({ action, connectionId, certificateId }: Props) {
  const form = useFormAction(action);
  return (
    <ActionForm
      form={form}
      name={{ label: "Restore this certificate", className: "space-y-2" }}
      hidden={{ connectionId, certificateId }}
      errorTitle="The certificate was not restored"
      success
      submit="Restore this certificate"
      pendingSubmit="Restoring…"
    >
      <p className="text-sm text-slate-600">
        Makes it pending again: it goes back into use once its server.crt is back in Salesforce and a test succeeds.
      </p>
    </ActionForm>
  );
}
