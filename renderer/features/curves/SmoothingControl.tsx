import { describeSmoothing } from '../../../shared/analysis/smoothing';
import { useApp } from '../../state/store';
import type { SmoothingKind } from './smoothing-model';
import { makeSmoothing, SMOOTHING_CHOICES, smoothingParam } from './smoothing-model';

/** One smoothing for every chart: the method and its parameter (the host smooths the full-resolution series). */
export function SmoothingControl() {
  const smoothing = useApp((s) => s.smoothing);
  const setSmoothing = useApp((s) => s.setSmoothing);
  const choice = SMOOTHING_CHOICES.find((c) => c.kind === smoothing.kind);
  const param = smoothingParam(smoothing);
  return (
    <div className="smoothing-control" role="group" aria-label="Smoothing" title={describeSmoothing(smoothing)}>
      <label>
        Smoothing{' '}
        <select data-testid="curves.smoothing-kind" value={smoothing.kind} onChange={(e) => setSmoothing(makeSmoothing(e.target.value as SmoothingKind, null))}>
          {SMOOTHING_CHOICES.map((c) => (
            <option key={c.kind} value={c.kind}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {choice?.param && param !== null && (
        <label>
          <span className="muted small">{choice.param.label}</span>{' '}
          {choice.param.max <= 1 && (
            <input
              type="range"
              aria-label={`${choice.label} ${choice.param.label}`}
              min={choice.param.min}
              max={0.99}
              step={0.01}
              value={Math.min(param, 0.99)}
              onChange={(e) => setSmoothing(makeSmoothing(smoothing.kind, Number(e.target.value)))}
            />
          )}
          <input
            type="number"
            data-testid="curves.smoothing-param"
            min={choice.param.min}
            max={choice.param.max}
            step={choice.param.step}
            value={param}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (e.target.value !== '' && Number.isFinite(v)) setSmoothing(makeSmoothing(smoothing.kind, v));
            }}
          />
        </label>
      )}
    </div>
  );
}
