"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { ActionState } from "@/lib/auth/actions";

type Result = ActionState<{ email: string }>;
type State = Result | { ok: true; signedIn: false; email: string };

type Props = {
  token: string;
  email: string;
  action: (state: Result, formData: FormData) => Promise<Result>;
  // Where a signed-in user goes next.
  redirectTo: string;
  text: { submit: string; pending: string; failed: string; saved: string; done: string };
};

// A new password typed twice (invitation, password reset). Once it is saved, sign in with it; if that fails, the
// user signs in by hand.
export function SetPasswordForm({ token, email, action: serverAction, redirectTo, text }: Props) {
  const router = useRouter();
  const [state, action, pending] = useActionState<State, FormData>(async (previous, formData) => {
    const result = await serverAction(previous && "data" in previous ? previous : null, formData);
    if (!result?.ok || !result.data) return result;
    const signedIn = await signIn("credentials", {
      email: result.data.email,
      password: String(formData.get("password") ?? ""),
      redirect: false,
    });
    if (signedIn?.ok && !signedIn.error) {
      router.replace(redirectTo);
      router.refresh();
      return result;
    }
    return { ok: true, signedIn: false, email: result.data.email };
  }, null);
  if (state && "signedIn" in state) {
    return (
      <Notice tone="success" title={text.done}>
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
        <Notice tone="error" title={text.failed}>
          {failed.error}
        </Notice>
      ) : null}
      {state?.ok ? <Notice tone="success">{text.saved}</Notice> : null}
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
        {pending ? text.pending : text.submit}
      </Button>
    </form>
  );
}
