"use client";

import { ApiTokenForm, type TokenAction } from "@/components/api-token-form";
import { InlineActionForm, useFormAction } from "@/components/ui/action-form";
import { Table } from "@/components/ui/table";
import type { ActionState } from "@/lib/auth/actions";
import type { TokenRow } from "@/lib/connections/handoff";

type RevokeAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

// The tenant's API tokens (never the token itself: a hint of its last four characters), with revoke and create
// for whoever manages them; a read-only list otherwise.
export function ApiTokenPanel(props: {
  connectionId: string;
  tokens: TokenRow[];
  scopes: readonly string[];
  manage: { create: TokenAction; revoke: RevokeAction } | null;
}) {
  const { connectionId, tokens, scopes, manage } = props;
  return (
    <div className="space-y-4">
      <Table
        label="API tokens"
        rows={tokens}
        rowTestId="api-token-row"
        empty="No API tokens for this organisation yet."
        columns={[
          { header: "Name", cell: (t) => t.name },
          { header: "Scopes", cell: (t) => t.scopes.join(", "), className: "font-mono text-xs" },
          { header: "Token", cell: (t) => t.hint, className: "font-mono text-xs" },
          {
            header: "Created",
            cell: (t) => (
              <>
                {t.created}
                <span className="block text-xs text-slate-600">by {t.createdBy}</span>
              </>
            ),
          },
          { header: "Last used", cell: (t) => t.lastUsed },
          { header: "Expires", cell: (t) => t.expires },
          { header: "Status", cell: (t) => (t.revoked ? `Revoked ${t.revoked}` : "Active") },
          manage && {
            header: "Action",
            cell: (t) =>
              t.revoked ? null : <RevokeButton connectionId={connectionId} token={t} action={manage.revoke} />,
          },
        ]}
      />
      {manage ? <ApiTokenForm connectionId={connectionId} scopes={scopes} action={manage.create} /> : null}
    </div>
  );
}

function RevokeButton({
  connectionId,
  token,
  action,
}: {
  connectionId: string;
  token: TokenRow;
  action: RevokeAction;
}) {
  const form = useFormAction(action);
  return (
    <InlineActionForm
      form={form}
      hidden={{ connectionId, tokenId: token.id }}
      className="flex flex-col gap-1"
      error={(message) => (
        <span role="alert" className="text-xs text-red-700">
          {message}
        </span>
      )}
    >
      <button
        type="submit"
        disabled={form.pending}
        aria-label={`Revoke ${token.name}`}
        className="rounded-md bg-red-700 px-3 py-1 text-xs font-medium text-white hover:bg-red-800 disabled:bg-red-300"
      >
        {form.pending ? "Revoking…" : "Revoke"}
      </button>
    </InlineActionForm>
  );
}
