"use client";

import { useState } from "react";
import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { clientIdWarning } from "@/lib/connections/client-id";
import { saveSalesforceFieldsAction } from "./actions";

type Saved = { username: string | null; clientId: string | null; apiVersion: string | null };

type Props = {
  connectionId: string;
  saved: Saved;
  // The latest test connected with the saved Client ID: its shape no longer matters.
  keyVerified: boolean;
  // The saved Client ID is the one the portal put in the Salesforce bundle (the CLI path): nothing to copy.
  portalKey: boolean;
};

export function SalesforceFieldsForm({ connectionId, saved, keyVerified, portalKey }: Props) {
  const form = useFormAction(saveSalesforceFieldsAction);
  const field = (name: keyof Saved, fallback = "") => form.field(name, saved[name] ?? fallback);
  const { defaultValue: savedClientId, ...clientIdField } = field("clientId");
  const [clientId, setClientId] = useState(savedClientId ?? "");
  // The saved Client ID changed under the form (the Salesforce bundle's download chose one): the server's wins.
  const [seenSaved, setSeenSaved] = useState(saved.clientId);
  if (saved.clientId !== seenSaved) {
    setSeenSaved(saved.clientId);
    setClientId(saved.clientId ?? "");
  }
  const unchanged = clientId === saved.clientId;
  const proven = keyVerified && unchanged;
  const fromBundle = portalKey && unchanged;
  const warning = clientIdField.error || proven || fromBundle ? null : clientIdWarning(clientId);
  return (
    <ActionForm
      form={form}
      name={{
        label: "Salesforce connection fields",
        className: "space-y-4 rounded-md border border-slate-200 bg-white p-6",
      }}
      // The Client ID as this form showed it saved: left as it is, it does not undo one the bundle's download chose
      // after the page was rendered.
      hidden={{ connectionId, clientIdShown: seenSaved ?? "" }}
      noValidate
      errorTitle="Not saved"
      success
      submit="Save connection fields"
      pendingSubmit="Saving…"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Username"
          type="text"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          hint="The integration user, e.g. integration@acme.com (sandbox: integration@acme.com.dev1)"
          {...field("username")}
        />
        <Field
          label="Client ID (Consumer Key)"
          autoComplete="off"
          spellCheck={false}
          value={clientId}
          onChange={(e) => setClientId(e.target.value)}
          hint={
            warning ? (
              <span className="text-amber-800">{warning}</span>
            ) : fromBundle ? (
              "Chosen by the portal and written into the Salesforce bundle: leave it as it is."
            ) : (
              "From External Client App Manager → OAuth Settings"
            )
          }
          {...clientIdField}
        />
        <Field
          label="API Version"
          hint="Optional, e.g. 62.0. Blank: the latest your org offers."
          {...field("apiVersion")}
        />
      </div>
    </ActionForm>
  );
}
