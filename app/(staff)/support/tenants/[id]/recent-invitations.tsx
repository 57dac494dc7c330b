import { Section } from "@/components/ui/section";
import { formatUtc } from "@/lib/dates";

type Invitation = { id: string; email: string; acceptedAt: Date | null; expiresAt: Date };

function invitationStatus(invitation: Invitation): string {
  if (invitation.acceptedAt) return `Accepted ${formatUtc(invitation.acceptedAt)}`;
  if (invitation.expiresAt.getTime() <= Date.now()) return "Expired";
  return `Pending, expires ${formatUtc(invitation.expiresAt)}`;
}

export function RecentInvitations({ invitations }: { invitations: Invitation[] }) {
  if (invitations.length === 0) return null;
  return (
    <Section id="invitations" title="Recent invitations">
      <ul
        className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white text-sm"
        aria-label="Recent invitations"
      >
        {invitations.map((i) => (
          <li key={i.id} className="flex justify-between px-4 py-2">
            <span>{i.email}</span>
            <span className="text-slate-600">{invitationStatus(i)}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
