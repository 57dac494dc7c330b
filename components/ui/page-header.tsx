import type { ReactNode } from "react";

type Props = {
  title: ReactNode;
  description?: ReactNode;
  badge?: ReactNode;
  actions?: ReactNode;
  breadcrumb?: ReactNode;
};

// The page's one h1, with what sits around it: a trail back above, a badge beside, actions on the right, a line below.
export function PageHeader({ title, description, badge, actions, breadcrumb }: Props) {
  return (
    <div className="space-y-1">
      {breadcrumb ? <p className="text-sm text-slate-600">{breadcrumb}</p> : null}
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{title}</h1>
          {badge}
        </div>
        {actions ? <div className="flex items-center gap-3">{actions}</div> : null}
      </div>
      {description ? <p className="text-slate-600">{description}</p> : null}
    </div>
  );
}
