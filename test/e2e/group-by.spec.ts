import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';

/** Four TensorBoard runs, two seeds at each of two learning rates (hparams): the lr column and the lr groups are known. */
const RUNS = [
  { name: 'sweep-b-seed0', lr: 0.01, seed: 0 },
  { name: 'sweep-a-seed0', lr: 0.001, seed: 0 },
  { name: 'sweep-b-seed1', lr: 0.01, seed: 1 },
  { name: 'sweep-a-seed1', lr: 0.001, seed: 1 },
];

function events(lr: number, seed: number): EventSpec[] {
  return [
    { kind: 'file-version', wallTime: 1_700_000_000 },
    { kind: 'hparams-start', wallTime: 1_700_000_000, hparams: { lr, seed } },
    ...Array.from({ length: 200 }, (_, s): EventSpec => ({ kind: 'scalar', wallTime: 1_700_000_001 + s, step: s, tag: 'loss', value: 2 / (1 + s * lr * 10) + seed * 0.05 })),
  ];
}

describe('runs table columns and group-by', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await openApp({
      prefix: 'runlens-e2e-group-',
      folders: async (dir) => {
        const root = path.join(dir, 'sweep');
        for (const r of RUNS) {
          await mkdir(path.join(root, r.name), { recursive: true });
          await writeFile(path.join(root, r.name, 'events.out.tfevents.1700000000.host.1.0'), encodeEventFile(events(r.lr, r.seed)));
        }
        return [root];
      },
    });
  });

  afterAll(() => app?.close());

  it('adds a config column, sorts by it, groups the curves by it into one band per value', async () => {
    const { page, serve, pageErrors } = app;
    await page.goto(serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await expect.poll(() => page.getByTestId('library.run-row').count(), WAIT).toBe(RUNS.length);

    // Add the `lr` config column from the Columns menu.
    await page.getByTestId('library.columns-button').click();
    const option = page.locator('[data-testid="library.column-option"][data-column="config:lr"]');
    await option.waitFor();
    await option.locator('input').check();
    const header = page.locator('[data-testid="library.column-header"][data-column="config:lr"]');
    await header.waitFor();
    await page.getByTestId('library.columns-button').click();

    // Sort by it: the 0.001 runs first, then 0.01; and the other way round.
    const order = () => page.getByTestId('library.run-row').evaluateAll((rows) => rows.map((r) => r.querySelector('td[data-column="config:lr"]')?.textContent ?? ''));
    await header.locator('button').click();
    await expect.poll(order, WAIT).toEqual(['0.001', '0.001', '0.01', '0.01']);
    await header.locator('button').click();
    await expect.poll(order, WAIT).toEqual(['0.01', '0.01', '0.001', '0.001']);
    // The filter also matches shown column values.
    await page.getByTestId('library.runs-filter').fill('0.001');
    await expect.poll(() => page.getByTestId('library.run-row').count(), WAIT).toBe(2);
    await page.getByTestId('library.runs-filter').fill('');

    // Plot every run, then group by lr.
    // (The app may have picked some runs on its own at start: only unplotted rows are clicked.)
    for (const r of RUNS) {
      const row = page.locator(`[data-testid="library.run-row"][data-run-path="${r.name}"]`);
      if ((await row.getAttribute('data-selected')) !== 'true') await row.click();
      await expect.poll(() => row.getAttribute('data-selected'), WAIT).toBe('true');
    }
    const metric = page.locator('[data-testid="curves.metric-option"][data-metric="loss"]');
    await metric.waitFor();
    if (!(await metric.locator('input').isChecked())) await metric.locator('input').check();
    const chart = page.locator('[data-testid="curves.chart"][data-metric="loss"]');
    await expect.poll(async () => Number(await chart.getAttribute('data-series-count')), WAIT).toBe(RUNS.length);
    expect(await chart.getAttribute('data-group-count')).toBe('0');

    await expect.poll(() => page.locator('[data-testid="curves.group-by"] option[value="config:lr"]').count(), WAIT).toBe(1);
    await page.getByTestId('curves.group-by').selectOption('config:lr');
    await expect.poll(async () => Number(await chart.getAttribute('data-group-count')), WAIT).toBe(2);
    expect(await page.getByTestId('curves.group-count').textContent()).toContain('2 groups');

    // A regex over run names: capture group 1 names the group (sweep-a / sweep-b), min–max band, runs shown faintly.
    await page.getByTestId('curves.group-by').selectOption('regex');
    await page.getByTestId('curves.group-regex').fill('^(sweep-.)-');
    await page.getByTestId('curves.group-band').selectOption('minmax');
    await page.getByTestId('curves.group-show-runs').check();
    await expect.poll(async () => Number(await chart.getAttribute('data-group-count')), WAIT).toBe(2);
    await page.getByTestId('curves.group-regex').fill('seed\\d');
    await expect.poll(() => page.getByTestId('curves.group-count').textContent(), WAIT).toContain('2 groups');

    // Off the step axis the groups are not drawn (the runs are), and a note says why.
    await page.getByTestId('curves.x-axis').selectOption('relative');
    await expect.poll(async () => Number(await chart.getAttribute('data-group-count')), WAIT).toBe(0);
    await expect.poll(async () => Number(await chart.getAttribute('data-series-count')), WAIT).toBe(RUNS.length);
    expect(await page.getByTestId('curves.group-note').textContent()).toContain('step axis');
    await page.getByTestId('curves.x-axis').selectOption('step');
    await expect.poll(async () => Number(await chart.getAttribute('data-group-count')), WAIT).toBe(2);
    // No grouping: no group lines.
    await page.getByTestId('curves.group-by').selectOption('');
    await expect.poll(async () => Number(await chart.getAttribute('data-group-count')), WAIT).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
