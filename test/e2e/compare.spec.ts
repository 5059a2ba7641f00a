import { readFile } from 'node:fs/promises';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';
import { compileLatex, skipLatex } from '../helpers/latex';

/**
 * Issue 6 end to end on the demo: the eval matrix with deltas, the safety–reasoning plane and the robustness view
 * render with their numbers; labels are editable and kept; the LaTeX export compiles as a table.
 */
describe('method comparison on the demo (web mode)', () => {
  let app: E2eApp;
  let page: E2eApp['page'];
  let view: Locator;

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-compare-', acceptDownloads: true });
    page = app.page;
  });
  afterAll(() => app?.close());

  const column = (path: string) => view.locator(`[data-testid="compare.column"]`, { hasText: path });
  async function runIdOf(path: string): Promise<string> {
    return (await column(path).getAttribute('data-run')) ?? '';
  }
  async function delta(task: string, metric: string, filter: string, runPath: string): Promise<Locator> {
    const run = await runIdOf(runPath);
    return view.locator(`[data-testid="compare.row"][data-task="${task}"][data-metric="${metric}"][data-filter="${filter}"] [data-testid="compare.delta"][data-run="${run}"]`);
  }
  /** The offer selects every eval and sweep run; the audit demo's SFT checkpoints (identity and paraphrase probes only) are another story. */
  async function selectPipeline(): Promise<void> {
    await page.getByTestId('compare.select-all').click();
    for (const step of [0, 500, 1000]) await page.locator(`[data-testid="library.run-row"][data-run-path="audit/llama-3-8b-sft-checkpoint-${step}"]`).click();
  }
  const ready = () => expect.poll(() => view.getAttribute('data-state'), WAIT).toBe('ready');

  it('opens the Compare tab and offers to select the eval and sweep runs', async () => {
    await page.goto(app.serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await page.locator('[data-testid="app.tab"][data-tab="compare"]').click();
    view = page.getByTestId('compare.view');
    // The demo opens with its training runs selected: their held-out series are compared, and the eval runs offered.
    await ready();
    expect(await view.locator('[data-testid="compare.row"][data-task="training eval"][data-metric="eval_loss"]').count()).toBe(1);
    await expect.poll(() => page.getByTestId('compare.select-all').textContent(), WAIT).toContain('9 eval and sweep runs');
    await selectPipeline();
    await ready();
  });

  it('shows the eval matrix: base as baseline, columns base → SFT → DPO → PPO, paired deltas with intervals', async () => {
    const heads = await view.getByTestId('compare.column').allTextContents();
    // Names are the harness's model_name; the folder is the column's tooltip.
    expect(heads.map((h) => h.replace(/\s+/g, ' ').trim())).toEqual(['runlens-demo/llama-3-8b-basebaseline', 'runlens-demo/llama-3-8b-sft', 'runlens-demo/llama-3-8b-dpo', 'runlens-demo/llama-3-8b-ppo']);
    expect(await view.getByTestId('compare.method').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['base', 'sft', 'dpo', 'ppo']);
    const gsm = await delta('gsm8k', 'exact_match', 'strict-match', 'llama-3-8b-sft');
    expect(await gsm.getAttribute('data-method')).toBe('mcnemar');
    expect(await gsm.getAttribute('data-verdict')).toBe('better');
    expect(Number(await gsm.getAttribute('data-delta'))).toBeCloseTo(0.62 - 0.4967, 3);
    expect(Number(await gsm.getAttribute('data-low'))).toBeGreaterThan(0);
    expect(await gsm.textContent()).toMatch(/^\+0\.123 \[\+0\.0\d\d, \+0\.1\d\d\] paired, p [<=] 0\.\d+$/);
    const hs = await delta('hellaswag', 'acc_norm', 'none', 'llama-3-8b-dpo');
    expect(await hs.getAttribute('data-verdict')).toBe('indistinguishable');
    // Group headers: safety first, then reasoning.
    expect(await view.locator('.compare-group').allTextContents()).toEqual(['Safety', 'Reasoning']);
  });

  it('draws the safety–reasoning plane with each model placed and labelled', async () => {
    const plane = page.getByTestId('compare.plane');
    expect(await plane.getAttribute('data-point-count')).toBe('3');
    const points = plane.getByTestId('compare.plane-point');
    const quadrants = await points.evaluateAll((els) => els.map((e) => [e.textContent?.split(':')[0]?.trim(), e.getAttribute('data-quadrant')]));
    expect(quadrants).toEqual([
      ['runlens-demo/llama-3-8b-sft (sft)', 'both-better'],
      ['runlens-demo/llama-3-8b-dpo (dpo)', 'not-distinguishable'],
      ['runlens-demo/llama-3-8b-ppo (ppo)', 'both-better'],
    ]);
    expect(Number(await points.nth(1).getAttribute('data-safety'))).toBeGreaterThan(4);
    // The chart itself drew: a canvas with the quadrant labels in its option is on screen.
    await expect.poll(() => plane.locator('canvas').count(), WAIT).toBeGreaterThan(0);
  });

  it('against SFT as baseline, DPO pays an alignment tax', async () => {
    await view.getByTestId('compare.baseline').selectOption({ label: 'runlens-demo/llama-3-8b-sft (sft)' });
    await expect.poll(async () => view.locator('[data-testid="compare.plane-point"][data-quadrant="alignment-tax"]').count(), WAIT).toBe(1);
    expect(await view.locator('[data-testid="compare.plane-point"][data-quadrant="alignment-tax"]').textContent()).toContain('llama-3-8b-dpo');
    await view.getByTestId('compare.baseline').selectOption({ label: 'runlens-demo/llama-3-8b-base (base)' });
    await ready();
    await expect.poll(async () => view.locator('[data-testid="compare.plane-point"][data-quadrant="alignment-tax"]').count(), WAIT).toBe(0);
  });

  it('shows robustness to weight updates: SFT breaks at α = 0.3 along the safety direction, PPO never', async () => {
    const rob = page.getByTestId('compare.robustness');
    await expect.poll(() => rob.getAttribute('data-task'), WAIT).toBe('gsm8k');
    const rows = rob.getByTestId('compare.robustness-row');
    const table = await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-method'), e.getAttribute('data-direction'), e.getAttribute('data-break')]));
    expect(table).toContainEqual(['SFT', 'safety', '0.3']);
    expect(table).toContainEqual(['PPO', 'safety', '']);
    expect(table).toContainEqual(['SFT', 'random', '']);
    expect(table).toHaveLength(4);
    const auc = async (m: string) => Number(await rob.locator(`[data-testid="compare.robustness-row"][data-method="${m}"][data-direction="safety"]`).getAttribute('data-auc'));
    expect(await auc('SFT')).toBeGreaterThan(3 * (await auc('PPO')));
    await rob.getByTestId('compare.sweep-metric').selectOption({ label: 'toxigen · acc (safety)' });
    await expect.poll(() => rob.getAttribute('data-task'), WAIT).toBe('toxigen');
  });

  it('keeps a method label the user types, across a reload', async () => {
    const input = view.locator('[data-testid="compare.method"]').nth(3);
    await input.fill('rlhf');
    await input.press('Enter');
    await expect.poll(async () => view.locator('[data-testid="compare.plane-point"]').nth(2).textContent(), WAIT).toContain('(rlhf)');
    await page.reload();
    await page.locator('[data-app-state="ready"]').waitFor();
    await page.locator('[data-testid="app.tab"][data-tab="compare"]').click();
    view = page.getByTestId('compare.view');
    // The selection is not kept across reloads; choose the runs again.
    await selectPipeline();
    await ready();
    expect(await view.getByTestId('compare.method').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['base', 'sft', 'dpo', 'rlhf']);
    const back = view.locator('[data-testid="compare.method"]').nth(3);
    await back.fill('');
    await back.press('Enter');
    await expect.poll(async () => view.getByTestId('compare.method').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)), WAIT).toEqual(['base', 'sft', 'dpo', 'ppo']);
  });

  it('moves a task out of the safety score when its category is changed', async () => {
    const before = Number(await view.locator('[data-testid="compare.plane-point"]').first().getAttribute('data-safety'));
    await view.locator('[data-testid="compare.category"][data-task="toxigen"]').first().selectOption('');
    await expect.poll(async () => Number(await view.locator('[data-testid="compare.plane-point"]').first().getAttribute('data-safety')), WAIT).not.toBe(before);
    expect(await view.locator('.compare-group').allTextContents()).toEqual(['Safety', 'Reasoning', 'Not categorised']);
    await view.locator('[data-testid="compare.category"][data-task="toxigen"]').first().selectOption('safety');
    await expect.poll(async () => Number(await view.locator('[data-testid="compare.plane-point"]').first().getAttribute('data-safety')), WAIT).toBe(before);
  });

  it('keeps a note on a comparison row', async () => {
    const cell = view.locator('[data-testid="compare.row"][data-task="gsm8k"][data-filter="strict-match"] [data-testid="notes.button"]');
    await cell.getByRole('button', { name: /Notes on gsm8k/ }).click();
    await cell.getByTestId('notes.text').fill('strict-match undercounts <b>formatted</b> answers');
    await cell.getByTestId('notes.save').click();
    await expect.poll(() => cell.getAttribute('data-count'), WAIT).toBe('1');
    expect(await cell.getByTestId('notes.item').textContent()).toContain('strict-match undercounts <b>formatted</b> answers');
  });

  async function download(testId: string): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
  }

  it('exports the table as CSV, one line per model and metric', async () => {
    const { name, text } = await download('compare.export-csv');
    expect(name).toBe('eval-comparison.csv');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^task,metric,filter,category,run,/);
    expect(lines).toHaveLength(1 + 11 * 3);
    expect(lines.find((l) => l.startsWith('gsm8k,exact_match,strict-match,reasoning,evals/llama-3-8b-sft,sft,evals/llama-3-8b-base,'))).toMatch(/,mcnemar,/);
  });

  it.skipIf(skipLatex)('exports the table as LaTeX that compiles', async () => {
    const { name, text } = await download('compare.export-latex');
    expect(name).toBe('eval-comparison.tex');
    expect(text).toContain('\\begin{tabular}');
    expect(text).toContain('gsm8k');
    const { log } = await compileLatex(text);
    expect(log).toContain('Output written on table.pdf');
  });

  it('exports the plane as SVG with its quadrant labels', async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare.plane-export').getByText('SVG').click()]);
    const svg = await readFile(await file.path(), 'utf8');
    expect(svg).toMatch(/^<svg[\s>]/);
    expect(svg).toContain('Both better');
    // The baseline is labelled at the origin.
    expect(svg).toContain('runlens-demo/llama-3-8b-base');
    expect(app.pageErrors).toEqual([]);
  });
});
