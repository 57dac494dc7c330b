import { expect, type Page } from "@playwright/test";

// At a phone's width (390 px) a page must not scroll sideways; a failure names the innermost elements that stick out.
export async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // The innermost elements that stick out, named so a failure says what to fix.
    const scrollsItself = (e: Element) => {
      for (let p = e.parentElement; p; p = p.parentElement)
        if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    const wide = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !scrollsItself(e))
      .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent ?? "").slice(0, 40)}`);
    // And the outermost ones: an element wider than the page whose parent is not (a scrolling frame too wide itself).
    const outermost = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !scrollsItself(e))
      .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1)
      .slice(0, 3)
      .map((e) => `outermost ${e.tagName.toLowerCase()}.${e.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, wide: [...wide, ...outermost] };
  });
  expect(scrollWidth, `${where}: ${wide.join(" | ")}`).toBeLessThanOrEqual(clientWidth);
}

// Technical details, history entries, the collector settings: the widest content is inside folds.
export async function openEveryFold(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
}
