import Link from "next/link";
import { DefinitionList } from "@/components/ui/definition-list";
import { PageHeader } from "@/components/ui/page-header";
import { formatUtc } from "@/lib/dates";
import { getPasswordResetByToken } from "@/lib/password-resets/reset-password";
import { SetPasswordForm } from "@/components/set-password-form";
import { resetPasswordAction } from "./actions";
import { RESET_FORM_TEXT, RESET_LINK_MESSAGES } from "./messages";

export const metadata = { title: "Choose a new password · Salesforce JWT onboarding" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await getPasswordResetByToken(token);
  if (reset.state !== "valid") {
    const message = RESET_LINK_MESSAGES[reset.state];
    return (
      <div className="mx-auto max-w-lg space-y-4">
        <PageHeader title={message.title} />
        <p className="text-slate-700">{message.text}</p>
        <p className="flex flex-wrap gap-6">
          <Link href="/forgot-password" className="text-blue-700 underline">
            Request a new link
          </Link>
          <Link href="/sign-in" className="text-blue-700 underline">
            Go to sign-in
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <PageHeader title="Choose a new password" />
      <DefinitionList
        items={[
          { term: "Email", definition: reset.email, testId: "reset-email" },
          { term: "Link expires", definition: formatUtc(reset.expiresAt) },
        ]}
      />
      <p className="text-slate-700">
        Your new password replaces the old one at once, and every other signed-in session of this account ends.
      </p>
      <SetPasswordForm
        token={token}
        email={reset.email}
        action={resetPasswordAction}
        redirectTo="/"
        text={RESET_FORM_TEXT}
      />
    </div>
  );
}
