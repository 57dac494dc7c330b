import Link from "next/link";
import { getInvitationByToken } from "@/lib/invitations/accept-invitation";
import { formatUtc } from "@/lib/dates";
import { AcceptInvitationForm } from "./accept-form";
import { INVITATION_MESSAGES } from "./messages";

export const metadata = { title: "Accept your invitation · Salesforce JWT onboarding" };

// Unknown and expired links read the same ("invalid or expired"); only a holder of a real token can learn "already used".
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await getInvitationByToken(token);
  if (invitation.state !== "valid" || invitation.accountExists) {
    const reason = invitation.state === "valid" ? "account_exists" : invitation.state;
    const title = { invalid: "This invitation link is invalid or has expired", used: "This invitation link has already been used", account_exists: "You already have an account" }[reason];
    return (
      <div className="mx-auto max-w-lg space-y-4">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-slate-700">{INVITATION_MESSAGES[reason]}</p>
        <Link href="/sign-in" className="text-blue-700 underline">
          Go to sign-in
        </Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Set up your account</h1>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium text-slate-600">Company</dt>
        <dd data-testid="invitation-tenant">{invitation.tenantName}</dd>
        <dt className="font-medium text-slate-600">Email</dt>
        <dd data-testid="invitation-email">{invitation.email}</dd>
        <dt className="font-medium text-slate-600">Link expires</dt>
        <dd>{formatUtc(invitation.expiresAt)}</dd>
      </dl>
      <p className="text-slate-700">Choose a password to finish. You will sign in with this email and password from now on.</p>
      <AcceptInvitationForm token={token} email={invitation.email} />
    </div>
  );
}
