import Link from "next/link";

export default function NotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p>This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="text-blue-700 underline">
        Go to your home page
      </Link>
    </div>
  );
}
