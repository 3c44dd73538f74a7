import type { Page } from '@playwright/test';

/**
 * What does not fit, in words: the window or the content area scrolling sideways, a visible
 * control (button, link, field) running past the window or cut by a box that hides or scrolls its
 * overflow sideways, a button whose text is cut.
 */
export function misfits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > innerWidth) out.push(`the window scrolls sideways (${root.scrollWidth} px in ${innerWidth})`);
    const main = document.querySelector('main');
    if (main && main.scrollWidth > main.clientWidth + 1) out.push(`the content area scrolls sideways (${main.scrollWidth} px in ${main.clientWidth})`);
    const name = (el: Element) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
    const controls = document.querySelectorAll<HTMLElement>('button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"]');
    for (const el of controls) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const box = el.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) continue; // visually hidden, read by screen readers only
      if (box.left < -0.5 || box.right > innerWidth + 0.5) out.push(`${name(el)} runs past the window (${Math.round(box.left)} to ${Math.round(box.right)} of ${innerWidth})`);
      for (let up = el.parentElement; up && up !== root; up = up.parentElement) {
        if (getComputedStyle(up).overflowX === 'visible') continue;
        const clip = up.getBoundingClientRect();
        if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) out.push(`${name(el)} is cut by ${up.tagName.toLowerCase()}.${[...up.classList].join('.')}`);
      }
      if (el.tagName === 'BUTTON' && el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)}: its text is cut (${el.scrollWidth} px in ${el.clientWidth})`);
    }
    return out;
  });
}
