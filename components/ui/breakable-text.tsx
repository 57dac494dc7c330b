import { Fragment } from "react";

// An email, username or host that may wrap only at its natural boundaries (before "@" and "."), never mid-word.
export function BreakableText({ text }: { text: string }) {
  const parts = text.split(/(?=[@.])/);
  return (
    <span className="break-normal">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
