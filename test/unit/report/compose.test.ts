import { describe, expect, it } from 'vitest';
import { TENSORBOARD_DEFAULT } from '../../../shared/analysis/smoothing';
import type { RunSummary } from '../../../shared/domain/run';
import { ReportSection, ReportSpec } from '../../../shared/domain/report';
import { STEP_X } from '../../../shared/domain/series';
import type { ComposeContext } from '../../../shared/report/compose';
import { defaultMetrics, moveSection, newReport, newReportId, newSection } from '../../../shared/report/compose';

const run = (id: string, format: RunSummary['format'], loss: string | null): RunSummary => ({
  id,
  sourceId: 's',
  path: id,
  name: id,
  format,
  importerVersion: 1,
  status: 'finished',
  lastStep: 10,
  lastLoss: loss ? { metric: loss, step: 10, value: 1 } : null,
  wallStartSec: null,
  wallEndSec: null,
  metricCount: 1,
  pointCount: 1,
  warningCount: 0,
  checkpoints: [],
  bestModelCheckpoint: null,
  configCount: 0,
});

const ctx = (runs: RunSummary[], pinned: string[] = []): ComposeContext => ({ selectedRuns: runs, pinnedMetrics: pinned, smoothing: TENSORBOARD_DEFAULT, x: STEP_X, compareBaseline: 'b', sweepMetric: null });

describe('report composition', () => {
  const runs = [run('tb', 'tensorboard', 'train/loss'), run('hf', 'hf-trainer', 'loss'), run('base', 'lm-eval', null), run('sft', 'lm-eval', null), run('sw', 'sweep', null)];

  it('a new report covers what is selected: curves of training runs, comparisons of evals, robustness of sweeps', () => {
    const r = newReport('r1', ctx(runs), '2026-11-25', 5);
    expect(ReportSpec.parse(r)).toEqual(r);
    expect(r.sections.map((s) => s.kind)).toEqual(['text', 'runs', 'curves', 'findings', 'comparison', 'plane', 'robustness', 'notes']);
    expect(r.sections[2]).toMatchObject({ kind: 'curves', runIds: ['tb', 'hf'], metrics: ['train/loss', 'loss'] });
    expect(r.sections[4]).toMatchObject({ kind: 'comparison', runIds: ['base', 'sft'], baselineRunId: 'b' });
    expect(r.sections[6]).toMatchObject({ kind: 'robustness', runIds: ['sw'] });
    expect(newReport('r2', ctx([runs[0] as RunSummary]), '', 0).sections.map((s) => s.kind)).toEqual(['text', 'runs', 'curves', 'findings', 'notes']);
  });

  it('curves start from the pinned charts when there are some', () => {
    expect(defaultMetrics(ctx(runs, ['eval/loss']))).toEqual(['eval/loss']);
    expect(newSection('curves', ctx([]))).toMatchObject({ metrics: ['loss'], runIds: [] });
  });

  it('a diagnosis section covers the selected training runs (their logs), not evals or sweeps', () => {
    const d = newSection('diagnosis', ctx(runs));
    expect(ReportSection.parse(d)).toEqual({ kind: 'diagnosis', runIds: ['tb', 'hf'] });
    expect(newSection('diagnosis', ctx([runs[2] as RunSummary]))).toEqual({ kind: 'diagnosis', runIds: ['base'] });
  });

  it('moves sections within bounds and makes file-safe ids', () => {
    const s = newReport('r', ctx(runs), '', 0).sections;
    expect(moveSection(s, 0, 1).map((x) => x.kind).slice(0, 2)).toEqual(['runs', 'text']);
    expect(moveSection(s, 0, -1)).toEqual(s);
    expect(newReportId(1_700_000_000_000, () => 0.5)).toMatch(/^r-[a-z0-9]+-[a-z0-9]+$/);
    expect(ReportSpec.shape.id.safeParse(newReportId(Date.now())).success).toBe(true);
  });

  it('a review section takes the Review tab’s columns, checkpoints included, else the first four runs', () => {
    const subjects = [
      { runId: 'hf', checkpoint: 'hf/checkpoint-100' },
      { runId: 'hf', checkpoint: 'hf/checkpoint-625' },
    ];
    const s = newSection('review', { ...ctx(runs), reviewSubjects: subjects });
    expect(ReportSpec.shape.sections.element.parse(s)).toEqual({ kind: 'review', runIds: ['hf'], subjects });
    expect(newSection('review', { ...ctx(runs), reviewSubjects: subjects.slice(0, 1) })).toEqual({ kind: 'review', runIds: ['tb', 'hf', 'base', 'sft'] });
  });
});
