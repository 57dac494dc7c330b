"use client";

import { OneTimeValue } from "@/components/one-time-value";
import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { CheckboxField, Field } from "@/components/ui/field";
import type { CreatedToken } from "@/lib/api/schemas";
import type { ActionState } from "@/lib/auth/actions";

export type TokenAction = (state: ActionState<CreatedToken>, formData: FormData) => Promise<ActionState<CreatedToken>>;

const SCOPE_HINTS: Record<string, string> = {
  "connections:read": "Read the connection and its collector configuration.",
  "keys:read": "Download the private key and keystores (each download is audited).",
  "tests:run": "Run Test connection.",
  "tokens:issue": "Get a Salesforce access token from the portal; the key stays here.",
};

// The token exists only in this response: it is stored hashed, so a reload cannot show it again.
export function ApiTokenForm({
  connectionId,
  scopes,
  action,
}: {
  connectionId: string;
  scopes: readonly string[];
  action: TokenAction;
}) {
  const form = useFormAction(action);
  const { failed, data: created } = form;
  const scopesError = failed?.fieldErrors?.scopes;
  return (
    <ActionForm
      form={form}
      name={{ card: "create-token", title: "Create an API token", level: 3, wide: true }}
      hidden={{ connectionId }}
      errorTitle="The token was not created"
      submit="Create API token"
      pendingSubmit="Creating…"
    >
      {created ? (
        <OneTimeValue
          tone="warning"
          title="New API token"
          message={`Copy the token for ${created.name} now: it will not be shown again.`}
          value={created.token}
          testId="new-api-token"
          copyLabel="API token"
        />
      ) : null}
      <Field
        label="Token name"
        maxLength={64}
        autoComplete="off"
        hint="Such as the collector host that will use it."
        required
        {...form.field("name")}
      />
      <fieldset className="space-y-2" aria-describedby={scopesError ? "token-scopes-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        {scopes.map((scope) => (
          <CheckboxField
            key={scope}
            name={`scope:${scope}`}
            label={scope}
            hint={SCOPE_HINTS[scope]}
            defaultChecked={failed?.values?.[`scope:${scope}`] === "on"}
          />
        ))}
        {scopesError ? (
          <p id="token-scopes-error" className="text-sm text-red-700">
            {scopesError}
          </p>
        ) : null}
      </fieldset>
      <Field
        label="Expires after (days)"
        inputMode="numeric"
        autoComplete="off"
        hint="Optional: 1 to 3650. Empty means the token does not expire until revoked."
        {...form.field("expiresDays")}
      />
    </ActionForm>
  );
}
