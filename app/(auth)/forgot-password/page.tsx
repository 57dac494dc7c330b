import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata = { title: "Forgot your password? · Salesforce JWT onboarding" };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <PageHeader title="Forgot your password?" />
      <p className="text-slate-700">
        Enter the email you sign in with. We will email you a link to choose a new password.
      </p>
      <ForgotPasswordForm />
      <Link href="/sign-in" className="inline-block text-blue-700 underline">
        Back to sign-in
      </Link>
    </div>
  );
}
