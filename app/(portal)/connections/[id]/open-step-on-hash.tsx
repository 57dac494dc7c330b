"use client";

import { useEffect } from "react";

// "Go to the setup step that fixes this" links to #step-<id>. The step may sit in a folded step or under "Or do it by
// hand": every closed <details> around it opens first, so the link always lands on something visible. On the CLI
// path, `aliases` sends the manual steps' links to the CLI step that does the same (the upload is in the deploy).
export function OpenStepOnHash({ aliases }: { aliases: Record<string, string> }) {
  useEffect(() => {
    const reveal = (hash: string): boolean => {
      const target = document.getElementById(decodeURIComponent(hash.replace(/^#/, "")));
      if (!target) return false;
      let opened = false;
      for (let el = target.parentElement; el; el = el.parentElement)
        if (el instanceof HTMLDetailsElement && !el.open) {
          el.open = true;
          opened = true;
        }
      return opened;
    };
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[href^="#"]');
      const href = link?.getAttribute("href");
      if (!href) return;
      const alias = aliases[href.slice(1)];
      if (alias) {
        // The browser would scroll to the manual step: go to the CLI step instead.
        event.preventDefault();
        reveal(`#${alias}`);
        history.pushState(null, "", `#${alias}`);
        document.getElementById(alias)?.scrollIntoView();
        return;
      }
      reveal(href); // before the browser's own scroll, which then finds the step visible
    };
    const onHash = () => {
      if (reveal(location.hash)) document.getElementById(location.hash.slice(1))?.scrollIntoView();
    };
    onHash();
    document.addEventListener("click", onClick);
    window.addEventListener("hashchange", onHash);
    return () => {
      document.removeEventListener("click", onClick);
      window.removeEventListener("hashchange", onHash);
    };
  }, [aliases]);
  return null;
}
