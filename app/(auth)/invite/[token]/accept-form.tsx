"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { ActionState } from "@/lib/auth/actions";
import { acceptInvitationAction } from "./actions";

type State = ActionState<{ email: string }> | { ok: true; signedIn: false; email: string };

// After the account exists, sign in with the password just typed; if that fails, the customer signs in by hand.
export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState<State, FormData>(async (previous, formData) => {
    const result = await acceptInvitationAction(previous && "data" in previous ? previous : null, formData);
    if (!result?.ok || !result.data) return result;
    const signedIn = await signIn("credentials", {
      email: result.data.email,
      password: String(formData.get("password") ?? ""),
      redirect: false,
    });
    if (signedIn?.ok && !signedIn.error) {
      router.replace("/connections");
      router.refresh();
      return result;
    }
    return { ok: true, signedIn: false, email: result.data.email };
  }, null);
  if (state && "signedIn" in state) {
    return (
      <Notice tone="success" title="Your account is ready">
        <p>
          Your password is set.{" "}
          <Link href="/sign-in" className="underline">
            Sign in
          </Link>{" "}
          as {state.email}.
        </p>
      </Notice>
    );
  }
  const failed = state && !state.ok ? state : null;
  const errors = failed && "fieldErrors" in failed ? (failed.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {failed && !failed.fieldErrors ? (
        <Notice tone="error" title="Your account was not created">
          {failed.error}
        </Notice>
      ) : null}
      {state?.ok ? <Notice tone="success">Account created. Signing you in…</Notice> : null}
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="email" value={email} autoComplete="username" />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters"
        error={errors.password}
        required
      />
      <Field
        label="Confirm password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword}
        required
      />
      <Button type="submit" disabled={pending || Boolean(state?.ok)}>
        {pending ? "Creating your account…" : "Set password and sign in"}
      </Button>
    </form>
  );
}
