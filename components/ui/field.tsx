import type { InputHTMLAttributes, ReactNode } from "react";

type Described = { id: string; hint?: ReactNode; error?: string };

// The ids a control points at with aria-describedby: its hint, then its error.
function describedBy({ id, hint, error }: Described): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

// What ties a control to its label, hint and error.
function controlProps({ id, name, hint, error }: Described & { name: string }) {
  return { id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy({ id, hint, error }) };
}

const controlStyle = (error?: string) =>
  `min-w-0 rounded-md border px-3 py-2 text-sm ${error ? "border-red-600" : "border-slate-300"}`;

// Label above, hint and error below: the frame every labelled control shares.
function FieldFrame({
  id,
  label,
  hint,
  error,
  className = "",
  children,
}: Described & { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "className"> & {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  // Layout of the whole field (label, input, hint) in its container, such as a width.
  className?: string;
};

// A labelled input whose error is tied to it for screen readers (aria-invalid + aria-describedby).
export function Field({ label, name, error, hint, id, className, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  return (
    <FieldFrame id={inputId} label={label} hint={hint} error={error} className={className}>
      <input
        {...controlProps({ id: inputId, name, hint, error })}
        className={`${controlStyle(error)} shadow-sm`}
        {...input}
      />
    </FieldFrame>
  );
}

type SelectProps = {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  id?: string;
  options: readonly { value: string; label: string }[];
  defaultValue?: string;
  className?: string;
};

export function SelectField({ label, name, error, hint, id, options, defaultValue, className }: SelectProps) {
  const selectId = id ?? `field-${name}`;
  return (
    <FieldFrame id={selectId} label={label} hint={hint} error={error} className={className}>
      <select
        {...controlProps({ id: selectId, name, hint, error })}
        defaultValue={defaultValue}
        className={`${controlStyle(error)} bg-white`}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

type CheckboxProps = { label: string; name: string; hint?: ReactNode; defaultChecked?: boolean };

// A labelled checkbox; the hint is tied to it for screen readers. Posts "on" when ticked, nothing when clear.
export function CheckboxField({ label, name, hint, defaultChecked }: CheckboxProps) {
  const id = `field-${name}`;
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        name={name}
        type="checkbox"
        defaultChecked={defaultChecked}
        aria-describedby={describedBy({ id, hint })}
        className="mt-1 h-4 w-4"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-500">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
