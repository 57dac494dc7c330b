import { PageHeader } from "@/components/ui/page-header";
import { requireCustomerPage } from "@/lib/auth/session";
import { getNotifyByEmail } from "@/lib/users/notification-preference";
import { NotificationForm } from "./notification-form";

export const metadata = { title: "Settings · Salesforce JWT onboarding" };

export default async function SettingsPage() {
  const user = await requireCustomerPage();
  const notifyByEmail = await getNotifyByEmail(user.id, user.tenantId);
  return (
    <div className="space-y-8">
      <PageHeader title="Settings" description={`Your account, ${user.email}.`} />
      <NotificationForm notifyByEmail={notifyByEmail} />
    </div>
  );
}
