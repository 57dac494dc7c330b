"use client";

import { useActionState } from "react";
import { ApiTokenForm, type TokenAction } from "@/components/api-token-form";
import type { ActionState } from "@/lib/auth/actions";
import type { TokenRow } from "@/lib/connections/handoff";

type RevokeAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

// The tenant's API tokens (never the token itself: a hint of its last four characters), with revoke and create
// for whoever manages them; a read-only list otherwise.
export function ApiTokenPanel(props: { connectionId: string; tokens: TokenRow[]; scopes: readonly string[]; manage: { create: TokenAction; revoke: RevokeAction } | null }) {
  const { connectionId, tokens, scopes, manage } = props;
  return (
    <div className="space-y-4">
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-600">No API tokens for this organisation yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm" aria-label="API tokens">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                {["Name", "Scopes", "Token", "Created", "Last used", "Expires", "Status", ...(manage ? ["Action"] : [])].map((h) => (
                  <th key={h} className="px-3 py-2 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className="border-b border-slate-100 align-top" data-testid="api-token-row">
                  <td className="px-3 py-2">{t.name}</td>
                  <td className="px-3 py-2 font-mono text-xs">{t.scopes.join(", ")}</td>
                  <td className="px-3 py-2 font-mono text-xs">{t.hint}</td>
                  <td className="px-3 py-2">
                    {t.created}
                    <span className="block text-xs text-slate-600">by {t.createdBy}</span>
                  </td>
                  <td className="px-3 py-2">{t.lastUsed}</td>
                  <td className="px-3 py-2">{t.expires}</td>
                  <td className="px-3 py-2">{t.revoked ? `Revoked ${t.revoked}` : "Active"}</td>
                  {manage ? <td className="px-3 py-2">{t.revoked ? null : <RevokeButton connectionId={connectionId} token={t} action={manage.revoke} />}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage ? <ApiTokenForm connectionId={connectionId} scopes={scopes} action={manage.create} /> : null}
    </div>
  );
}

function RevokeButton({ connectionId, token, action }: { connectionId: string; token: TokenRow; action: RevokeAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex flex-col gap-1">
      <input type="hidden" name="connectionId" value={connectionId} />
      <input type="hidden" name="tokenId" value={token.id} />
      <button type="submit" disabled={pending} aria-label={`Revoke ${token.name}`} className="rounded-md bg-red-700 px-3 py-1 text-xs font-medium text-white hover:bg-red-800 disabled:bg-red-300">
        {pending ? "Revoking…" : "Revoke"}
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
