/**
 * The inspector with 100,000 frames: measures (and prints) the run, scrolling and
 * filtering. Figures to report, not timing assertions; what is asserted is behaviour —
 * the list renders only what is in view, and the last row is reachable.
 */
import { expect, test } from './fixtures.ts';

test('100,000 frames: run, scroll and filter', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/lab/');
  const lab = page.locator('[data-lab-run="04-servers/13-first-endpoint/lab/stream"]');
  await lab.scrollIntoViewIfNeeded();
  const status = lab.getByRole('status');
  await expect(status).toContainText('rows over', { timeout: 15_000 });
  await lab.getByText('Faults, seed').click();
  await lab.getByLabel('Updates to send').fill('100000');
  const started = Date.now();
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(status).toContainText('Running…', { timeout: 10_000 });
  await expect(status).toContainText('rows over', { timeout: 90_000 });
  const runMs = Date.now() - started;
  const everything = lab.getByRole('button', { name: /Everything/ });
  const total = Number((await everything.textContent())!.replace(/\D/g, ''));
  expect(total).toBeGreaterThan(200_000); // 100,000 frames, 100,000 message events, pings, pongs, handshakes
  await expect(lab.getByRole('button', { name: /Data frames/ })).toContainText('100,000');

  const list = lab.getByRole('listbox');
  const scroll = await list.evaluate(async (element) => {
    // The next frame after the change: the scroll handler, Svelte's update and layout all ran before it.
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
    const long: number[] = [];
    new PerformanceObserver((entries) => { for (const entry of entries.getEntries()) long.push(entry.duration); }).observe({ type: 'longtask' });
    const times: number[] = [];
    const max = element.scrollHeight - element.clientHeight;
    for (let i = 0; i <= 40; i++) {
      const start = performance.now();
      element.scrollTop = (max * ((i * 7919) % 41)) / 40; // jumps all over the list
      element.dispatchEvent(new Event('scroll'));
      times.push((await frame()) - start);
    }
    // A steady scroll, 200 px per frame.
    const steady: number[] = [];
    element.scrollTop = max / 2;
    for (let i = 0; i < 60; i++) {
      const start = performance.now();
      element.scrollTop += 200;
      steady.push((await frame()) - start);
    }
    return { jumps: times, steady, rendered: element.querySelectorAll('[role="option"]').length, longTasks: long.length };
  });
  expect(scroll.rendered).toBeLessThan(60);

  const filter = await page.evaluate(async () => {
    const lab = document.querySelector('[data-lab-run="04-servers/13-first-endpoint/lab/stream"]')!;
    const list = lab.querySelector('[role="listbox"]')!;
    const times: Record<string, number> = {};
    for (const name of ['Control frames', 'Data frames', 'Handshakes and events', 'Everything']) {
      const button = [...lab.querySelectorAll('button')].find((b) => b.textContent?.startsWith(name))!;
      const before = list.getAttribute('aria-label');
      const start = performance.now();
      button.click();
      while (list.getAttribute('aria-label') === before) await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      times[name] = performance.now() - start;
    }
    return times;
  });

  await list.focus();
  await page.keyboard.press('End');
  await expect(list.locator('[aria-selected="true"]')).toContainText('close 1000, wasClean true');
  await expect(list.locator('[aria-selected="true"]')).toHaveAttribute('aria-posinset', String(total));

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  const line = [
    `inspector, ${total.toLocaleString('en')} rows (100,000 data frames): run ${(runMs / 1000).toFixed(1)} s`,
    `scroll jump → painted: median ${fmt(median(scroll.jumps))}, max ${fmt(Math.max(...scroll.jumps))}`,
    `steady scroll frame: median ${fmt(median(scroll.steady))}, max ${fmt(Math.max(...scroll.steady))}; ${scroll.rendered} rows in the DOM; ${scroll.longTasks} tasks over 50 ms while scrolling`,
    `filter → painted: ${Object.entries(filter).map(([name, ms]) => `${name} ${fmt(ms)}`).join(', ')}`,
  ].join('\n  ');
  console.log(line);
  test.info().annotations.push({ type: 'measurement', description: line });
});
