"use client";

import { useActionState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormCard } from "@/components/ui/form-card";
import { Notice } from "@/components/ui/notice";
import type { ActionState } from "@/lib/auth/actions";

type ServerAction<T> = (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;

// useActionState plus what every form reads from its result: the failure and, per field, its error and the value
// the server sent back (secrets are never sent back, so password fields stay empty).
export function useFormAction<T = undefined>(serverAction: ServerAction<T>) {
  const [state, action, pending] = useActionState(serverAction, null);
  const failed = state && !state.ok ? state : null;
  return {
    state,
    action,
    pending,
    failed,
    data: state?.ok ? state.data : undefined,
    // The props a Field takes: its name, the value to show again (else `fallback`) and its error.
    field: (name: string, fallback?: string) => ({
      name,
      defaultValue: failed?.values?.[name] ?? fallback,
      error: failed?.fieldErrors?.[name],
    }),
  };
}

export type FormAction<T = undefined> = ReturnType<typeof useFormAction<T>>;

function HiddenInputs({ values }: { values: Record<string, string> }) {
  return Object.entries(values).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

type ActionFormProps<T> = {
  form: FormAction<T>;
  // Named by its own heading in a card (FormCard), or by an aria-label.
  name: { card: string; title: string; level?: 2 | 3; wide?: boolean } | { label: string; className: string };
  hidden?: Record<string, string>;
  noValidate?: boolean;
  errorTitle?: string;
  // Leave the form-level error out when the fields carry the errors themselves.
  fieldErrorsSuffice?: boolean;
  // Show the action's success message as a status.
  success?: boolean;
  submit: string;
  // The button text while pending; or, with `pendingStatus`, a status shown beside the unchanged button.
  pendingSubmit?: string;
  pendingStatus?: ReactNode;
  children: ReactNode;
};

// A server-action form: useActionState's result wired to the error and success notices and the submit button.
export function ActionForm<T>(props: ActionFormProps<T>) {
  const { form, name, hidden = {}, noValidate, errorTitle, fieldErrorsSuffice, success, children } = props;
  const { submit, pendingSubmit, pendingStatus } = props;
  const { failed, state, pending } = form;
  const error =
    failed && !(fieldErrorsSuffice && failed.fieldErrors) ? { title: errorTitle, message: failed.error } : null;
  const body = (
    <>
      <HiddenInputs values={hidden} />
      {success && state?.ok ? <Notice tone="success">{state.message}</Notice> : null}
      {children}
      <SubmitRow submit={submit} pendingSubmit={pendingSubmit} pendingStatus={pendingStatus} pending={pending} />
    </>
  );
  if ("card" in name)
    return (
      <FormCard
        id={name.card}
        title={name.title}
        level={name.level}
        wide={name.wide}
        action={form.action}
        noValidate={noValidate}
        error={error}
      >
        {body}
      </FormCard>
    );
  return (
    <form action={form.action} className={name.className} noValidate={noValidate} aria-label={name.label}>
      {error ? (
        <Notice tone="error" title={error.title}>
          {error.message}
        </Notice>
      ) : null}
      {body}
    </form>
  );
}

function SubmitRow({
  submit,
  pendingSubmit,
  pendingStatus,
  pending,
}: Pick<ActionFormProps<unknown>, "submit" | "pendingSubmit" | "pendingStatus"> & { pending: boolean }) {
  const button = (
    <Button type="submit" disabled={pending}>
      {pending && pendingSubmit ? pendingSubmit : submit}
    </Button>
  );
  if (!pendingStatus) return button;
  return (
    <div className="flex items-center gap-4">
      {button}
      {pending ? pendingStatus : null}
    </div>
  );
}

// A form of hidden inputs and one button (toggles and row actions); `error` renders a failure next to the button.
export function InlineActionForm<T>({
  form,
  hidden,
  className,
  error,
  children,
}: {
  form: FormAction<T>;
  hidden: Record<string, string>;
  className?: string;
  error?: (message: string) => ReactNode;
  children: ReactNode;
}) {
  return (
    <form action={form.action} className={className}>
      <HiddenInputs values={hidden} />
      {children}
      {error && form.failed ? error(form.failed.error) : null}
    </form>
  );
}

// Enable or disable an account: the button names the account, the form posts the opposite of its current state.
export function AccountStatusForm<T>({
  form,
  hidden,
  email,
  disabled,
  className,
  error,
}: {
  form: FormAction<T>;
  hidden: Record<string, string>;
  email: string;
  disabled: boolean;
  className?: string;
  error?: (message: string) => ReactNode;
}) {
  const verb = disabled ? "Enable" : "Disable";
  return (
    <InlineActionForm
      form={form}
      hidden={{ ...hidden, disabled: disabled ? "false" : "true" }}
      className={className}
      error={error}
    >
      <Button
        type="submit"
        variant={disabled ? "secondary" : "danger"}
        disabled={form.pending}
        aria-label={`${verb} ${email}`}
      >
        {verb}
      </Button>
    </InlineActionForm>
  );
}
