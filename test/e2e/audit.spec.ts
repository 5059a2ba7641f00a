import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, selectOnlyRuns, WAIT } from '../helpers/e2e-app';

const RUNS = ['audit/llama-3-8b-sft-checkpoint-0', 'audit/llama-3-8b-sft-checkpoint-500', 'audit/llama-3-8b-sft-checkpoint-1000'];

/** Issue 10 "done when": the demo's audit view shows the cap breach, the identity-drift rise and the template gap. */
describe('data and behaviour audit (web mode, demo workspace)', () => {
  let app: E2eApp;
  let page: E2eApp['page'];

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-audit-' });
    page = app.page;
    await page.goto(app.serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await selectOnlyRuns(page, RUNS);
    await page.locator('[data-testid="app.tab"][data-tab="audit"]').click();
  });
  afterAll(() => app?.close());

  it('shows the math domain over its synthetic-share cap, with the finding, its evidence and threshold', async () => {
    const view = page.getByTestId('audit.view');
    await expect.poll(() => view.getAttribute('data-state'), WAIT).toBe('ready');
    const math = view.locator('[data-testid="audit.domain"][data-domain="math"]');
    expect(await math.getAttribute('data-breach')).toBe('true');
    expect(await math.getAttribute('data-share')).toBe('0.7500');
    expect(await view.locator('[data-testid="audit.domain"][data-breach="true"]').count()).toBe(1);
    const finding = view.locator('[data-testid="audit.finding"][data-kind="synthetic-share"][data-subject="math"]');
    expect(await finding.getAttribute('data-severity')).toBe('critical');
    expect(await finding.innerText()).toMatch(/threshold 0\.300/);
    expect(app.pageErrors).toEqual([]);
  });

  it('shows identity drift rising across the checkpoints and flags the last one', async () => {
    const view = page.getByTestId('audit.view');
    const rates = await view.getByTestId('audit.identity-point').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-rate'))));
    expect(rates).toEqual([0.025, 0.15, 0.35]);
    expect(await view.locator('[data-testid="audit.finding"][data-kind="identity-drift"]').count()).toBeGreaterThanOrEqual(1);
    expect(await view.getByTestId('audit.identity').innerText()).toContain('ChatGPT');
  });

  it('shows the paraphrase gap of medicine at step 1000', async () => {
    const view = page.getByTestId('audit.view');
    const med = view.locator('[data-testid="audit.template-domain"][data-domain="medicine"]').last();
    expect(Number(await med.getAttribute('data-gap'))).toBeCloseTo(11 / 30, 3);
    expect(await view.locator('[data-testid="audit.finding"][data-kind="template-gap"][data-subject="medicine"]').count()).toBeGreaterThanOrEqual(1);
  });

  it('changing the cap re-runs the audit: at 80 % the file’s own 30 % cap still holds for math', async () => {
    const view = page.getByTestId('audit.view');
    await view.getByTestId('audit.cap').fill('80');
    await expect.poll(() => view.locator('[data-testid="audit.domain"][data-domain="math"]').getAttribute('data-breach'), WAIT).toBe('true');
    expect(app.pageErrors).toEqual([]);
  });

  it('adds the audit to a report with its findings', async () => {
    await page.locator('[data-testid="app.tab"][data-tab="report"]').click();
    await page.getByTestId('report.new').click();
    await page.locator('[data-testid="report.add-section"][data-kind="audit"]').click();
    const preview = page.getByTestId('report.page');
    await expect.poll(() => preview.getAttribute('data-report-state'), WAIT).toBe('ready');
    const audit = preview.getByTestId('report.audit');
    await expect.poll(() => audit.locator('[data-testid="audit.finding"]').count(), WAIT).toBeGreaterThanOrEqual(3);
    expect(await audit.innerText()).toContain('data_mixture.yaml');
    expect(app.pageErrors).toEqual([]);
  });
});
