import type { ReactNode } from "react";

type Props = { id: string; title: ReactNode; description?: ReactNode; children?: ReactNode };

// A region named by its h2 (aria-labelledby), so it is a landmark screen readers can jump to; `#${id}` links to it.
// The heading's id is `${id}-heading`.
export function Section({ id, title, description, children }: Props) {
  const headingId = `${id}-heading`;
  return (
    <section id={id} aria-labelledby={headingId} className="scroll-mt-6 space-y-3">
      <h2 id={headingId} className="text-xl font-semibold">
        {title}
      </h2>
      {description ? <p className="text-sm text-slate-600">{description}</p> : null}
      {children}
    </section>
  );
}
