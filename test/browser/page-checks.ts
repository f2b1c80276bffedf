/**
 * Checks run inside the app's frame: axe-core (injected from node_modules, as a browser extension would) and a
 * look for horizontal overflow. Both return findings as readable strings, so a failing test says what and where.
 */
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The app's own frame inside the dev host page. */
export async function appFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('#app-frame');
  const frame = await handle.contentFrame();
  if (frame === null) throw new Error('the app frame has no document');
  return frame;
}

/**
 * Serious and critical axe findings in the app's frame. `label-content-name-mismatch` (WCAG 2.5.3: the visible text
 * of a control is part of its accessible name) is experimental in axe and off by default; we turn it on.
 */
export async function axeFindings(page: Page): Promise<string[]> {
  const frame = await appFrame(page);
  await frame.addScriptTag({ path: AXE_SOURCE });
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document, {
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 5).join(' | ')}`);
}

/**
 * Elements that scroll or clip sideways: the document itself, or any element whose content is wider than its box
 * and whose overflow is not visible. Text cut on purpose (`text-overflow: ellipsis`) passes when it carries its
 * full text as a tooltip: a `title`, or `data-full-name` (the venus Tooltip the full-page locations wrap it in,
 * see app-ui/src/venus/name-tooltip.tsx); visually hidden text (a 1 px clip) passes too.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  const frame = await appFrame(page);
  return frame.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) found.push(`document: ${root.scrollWidth} > ${root.clientWidth}`);
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      if (el.clientWidth <= 1 || el.scrollWidth <= el.clientWidth + 1) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === 'visible') continue;
      if (style.textOverflow === 'ellipsis' && (el.title !== '' || el.dataset['fullName'] === el.textContent)) continue;
      const name = `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`;
      found.push(`${name} "${(el.textContent ?? '').slice(0, 40)}": ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return found;
  });
}
