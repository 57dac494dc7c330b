import { CopyButton } from "@/components/copy-button";
import { Notice } from "@/components/ui/notice";

type Props = {
  tone: "success" | "warning";
  title: string;
  message: string;
  value: string;
  testId: string;
  copyLabel: string;
};

// A secret that exists only in this response (an invitation link, an API token): shown once, with a copy button.
export function OneTimeValue({ tone, title, message, value, testId, copyLabel }: Props) {
  return (
    <Notice tone={tone} title={title}>
      <p className="mt-1">{message}</p>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <code data-testid={testId} className="rounded bg-white px-2 py-1 font-mono text-xs break-all text-slate-900">
          {value}
        </code>
        <CopyButton value={value} label={copyLabel} />
      </div>
    </Notice>
  );
}
