import Link from "next/link";
import { DefinitionList } from "@/components/ui/definition-list";
import { PageHeader } from "@/components/ui/page-header";
import { getInvitationByToken } from "@/lib/invitations/accept-invitation";
import { formatUtc } from "@/lib/dates";
import { SetPasswordForm } from "@/components/set-password-form";
import { acceptInvitationAction } from "./actions";
import { ACCEPT_FORM_TEXT, INVITATION_MESSAGES } from "./messages";

export const metadata = { title: "Accept your invitation · Salesforce JWT onboarding" };

// Unknown and expired links read the same ("invalid or expired"); only a holder of a real token can learn "already used".
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await getInvitationByToken(token);
  if (invitation.state !== "valid" || invitation.accountExists) {
    const reason = invitation.state === "valid" ? "account_exists" : invitation.state;
    const title = {
      invalid: "This invitation link is invalid or has expired",
      used: "This invitation link has already been used",
      account_exists: "You already have an account",
    }[reason];
    return (
      <div className="mx-auto max-w-lg space-y-4">
        <PageHeader title={title} />
        <p className="text-slate-700">{INVITATION_MESSAGES[reason]}</p>
        <Link href="/sign-in" className="text-blue-700 underline">
          Go to sign-in
        </Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <PageHeader title="Set up your account" />
      <DefinitionList
        items={[
          { term: "Company", definition: invitation.tenantName, testId: "invitation-tenant" },
          { term: "Email", definition: invitation.email, testId: "invitation-email" },
          { term: "Link expires", definition: formatUtc(invitation.expiresAt) },
        ]}
      />
      <p className="text-slate-700">
        Choose a password to finish. You will sign in with this email and password from now on.
      </p>
      <SetPasswordForm
        token={token}
        email={invitation.email}
        action={acceptInvitationAction}
        redirectTo="/connections"
        text={ACCEPT_FORM_TEXT}
      />
    </div>
  );
}
