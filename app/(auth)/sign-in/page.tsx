import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in · Salesforce JWT onboarding" };

export default async function SignInPage() {
  if (await getCurrentUser()) redirect("/");
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <PageHeader title="Sign in" />
      <SignInForm />
      <Link href="/forgot-password" className="inline-block text-blue-700 underline">
        Forgot password?
      </Link>
    </div>
  );
}
