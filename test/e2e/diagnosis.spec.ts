import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, selectOnlyRuns, WAIT } from '../helpers/e2e-app';

const CRASH = 'megatron-crash-resume/train.log';

/**
 * Issue 9 "done when": the demo's crashed-and-resumed Megatron run shows the failure on its loss curve, and the log
 * line behind it opens from the chart, from the findings panel and from the Diagnosis tab, which leads with the root.
 */
describe('failure diagnosis (web mode, demo workspace)', () => {
  let app: E2eApp;
  let page: E2eApp['page'];

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-diagnosis-' });
    page = app.page;
    await page.goto(app.serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await selectOnlyRuns(page, [CRASH]);
  });
  afterAll(() => app?.close());

  async function expectLogAt(line: number): Promise<void> {
    const log = page.getByTestId('log.view');
    await expect.poll(() => log.getAttribute('data-state'), WAIT).toBe('ready');
    expect(await log.getAttribute('data-line')).toBe(String(line));
    const target = log.locator('[data-testid="log.line"][data-target="true"]');
    expect(await target.getAttribute('data-line')).toBe(String(line));
    // Context around it: the iteration it died after, and the lines that follow.
    expect(await log.locator('[data-testid="log.line"]').count()).toBeGreaterThan(20);
    expect(await log.innerText()).toContain('iteration     1730/    3000');
    await page.getByTestId('log.close').click();
    await expect.poll(() => log.count(), WAIT).toBe(0);
  }

  it('pins the failure on the lm loss curve at iteration 1730; the pin opens the log at the ECC traceback', async () => {
    const chart = page.locator('[data-testid="curves.chart"][data-metric="lm loss"]');
    await expect.poll(() => chart.getAttribute('data-finding-count'), WAIT).not.toBe('0');
    const pin = chart.getByTestId('chart.pin');
    await expect.poll(() => pin.count(), WAIT).toBe(1);
    expect(await pin.getAttribute('data-x')).toBe('1730');
    expect(await pin.getAttribute('title')).toMatch(/^Root cause: Uncorrectable ECC error/);
    await pin.click();
    await expectLogAt(255);
    expect(app.pageErrors).toEqual([]);
  });

  it('lists the failure among the findings, with an Open log button', async () => {
    const item = page.locator('[data-testid="findings.item"][data-kind="failure"]');
    await expect.poll(() => item.count(), WAIT).toBe(1);
    expect(await item.getAttribute('data-step')).toBe('1730');
    await item.click();
    await page.getByTestId('findings.open-log').click();
    await expectLogAt(255);
  });

  it('leads the Diagnosis tab with the root cause, keeps the cascade apart and shows the restart cost', async () => {
    await page.locator('[data-testid="app.tab"][data-tab="diagnosis"]').click();
    const view = page.getByTestId('diagnosis.view');
    await expect.poll(() => view.getAttribute('data-state'), WAIT).toBe('ready');
    const run = view.getByTestId('diagnosis.run');
    expect(await run.getAttribute('data-root-category')).toBe('gpu-hardware');
    const root = run.getByTestId('diagnosis.root');
    expect(await root.getAttribute('data-rule')).toBe('ecc-uncorrectable');
    expect(await root.innerText()).toMatch(/rank 5, step 1730, during training/);
    // The NCCL timeouts of the other seven ranks are the cascade: hidden until asked for.
    const cascade = run.locator('[data-testid="diagnosis.event"][data-cascade="true"]');
    expect(await cascade.count()).toBe(0);
    await run.getByTestId('diagnosis.cascade-toggle').click();
    await expect.poll(() => run.locator('[data-testid="diagnosis.event"][data-cascade="true"][data-rule="nccl-timeout"]').count(), WAIT).toBeGreaterThanOrEqual(7);
    const goodput = run.getByTestId('diagnosis.goodput');
    expect(await goodput.getAttribute('data-restarts')).toBe('1');
    expect(Number(await goodput.getAttribute('data-ettr'))).toBeLessThan(1);
    await run.getByTestId('diagnosis.root-log').click();
    await expectLogAt(255);
    expect(app.pageErrors).toEqual([]);
  });

  it('adds a failure-diagnosis section to a report: the root cause with its evidence line', async () => {
    await page.locator('[data-testid="app.tab"][data-tab="report"]').click();
    await page.getByTestId('report.new').click();
    await page.locator('[data-testid="report.add-section"][data-kind="diagnosis"]').click();
    const preview = page.getByTestId('report.page');
    await expect.poll(() => preview.getAttribute('data-report-state'), WAIT).toBe('ready');
    const run = preview.locator('[data-testid="report.diagnosis-run"][data-root-category="gpu-hardware"]');
    await expect.poll(() => run.count(), WAIT).toBe(1);
    const text = await run.innerText();
    expect(text).toContain('Root cause: GPU hardware.');
    expect(text).toContain('rank 5, step 1730');
    expect(text).toContain('uncorrectable ECC error encountered');
    expect(app.pageErrors).toEqual([]);
  });
});
