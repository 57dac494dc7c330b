import type { ReactNode } from "react";
import { Notice } from "@/components/ui/notice";

type Props = {
  // The heading's id is `${id}-heading`; the form is named by it.
  id: string;
  title: string;
  action: (formData: FormData) => void;
  level?: 2 | 3;
  wide?: boolean;
  noValidate?: boolean;
  // A form-level error (one that names no field), shown as an alert above the fields.
  error?: { title?: string; message: string } | null;
  children: ReactNode;
};

// A form in a card, named by its own heading, with its form-level error on top.
export function FormCard({ id, title, action, level = 2, wide = false, noValidate, error, children }: Props) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <form
      action={action}
      noValidate={noValidate}
      aria-labelledby={`${id}-heading`}
      className={`${wide ? "max-w-2xl" : "max-w-md"} space-y-4 rounded-md border border-slate-200 bg-white ${level === 2 ? "p-6" : "p-4"}`}
    >
      <Heading id={`${id}-heading`} className={level === 2 ? "text-lg font-semibold" : "font-semibold"}>
        {title}
      </Heading>
      {error ? (
        <Notice tone="error" title={error.title}>
          {error.message}
        </Notice>
      ) : null}
      {children}
    </form>
  );
}
