"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { CheckboxField, Field, SelectField } from "@/components/ui/field";
import { saveMyDomainAction } from "./actions";

type Saved = { instanceUrl: string | null; environment: string | null; myDomainOnly: boolean };

const ENVIRONMENTS = [
  { value: "auto", label: "Detect from the Instance URL" },
  { value: "production", label: "Production" },
  { value: "sandbox", label: "Sandbox" },
];

// Step 1, one field: the My Domain URL personalises the rest of the page (callback URL, commands, the bundle).
// The environment and Gov Cloud options are folded: most orgs need neither.
export function MyDomainForm({ connectionId, saved }: { connectionId: string; saved: Saved }) {
  const form = useFormAction(saveMyDomainAction);
  const optionsOpen =
    saved.myDomainOnly ||
    form.failed?.values?.myDomainOnly === "on" ||
    Boolean(form.failed?.fieldErrors?.environment) ||
    (form.failed?.values?.environment ?? "auto") !== "auto";
  return (
    <ActionForm
      form={form}
      name={{ label: "My Domain", className: "space-y-4 rounded-md border border-slate-200 bg-white p-6" }}
      hidden={{ connectionId }}
      noValidate
      errorTitle="Not saved"
      success
      submit="Save My Domain"
      pendingSubmit="Saving…"
    >
      <Field
        label="Instance URL"
        inputMode="url"
        autoComplete="url"
        spellCheck={false}
        hint="Your My Domain URL, e.g. https://acme.my.salesforce.com. In Salesforce Setup, search for My Domain and copy the Current My Domain URL."
        className="max-w-xl"
        {...form.field("instanceUrl", saved.instanceUrl ?? "")}
      />
      <details className="rounded-md border border-slate-200 p-3" open={optionsOpen}>
        <summary className="cursor-pointer text-sm font-medium">Sandbox, Gov Cloud and other options</summary>
        <div className="mt-3 space-y-4">
          <SelectField
            label="Environment"
            options={ENVIRONMENTS}
            className="max-w-xs"
            {...form.field("environment", saved.environment ?? "auto")}
          />
          <CheckboxField
            label="Gov Cloud / this org blocks login.salesforce.com"
            name="myDomainOnly"
            defaultChecked={form.failed ? form.failed.values?.myDomainOnly === "on" : saved.myDomainOnly}
            hint="Test connection then sends the signed assertion only to your My Domain, never to login.salesforce.com or test.salesforce.com. Always the case for .mil and .cn My Domains."
          />
        </div>
      </details>
    </ActionForm>
  );
}
