import { useMemo, useState } from 'react';
import { wordDiff } from '../../../shared/analysis/review/word-diff';
import type { SampleDetail, SampleRow } from '../../../shared/domain/review';
import { useTransport } from '../../data/host';
import { useQuery } from '../../data/query-cache';
import type { SampleColumn } from './SampleList';
import { FLIP_LABEL, markOf, metricsText, taskLabel } from './samples-model';

/** Prompts up to this long show whole; a longer (few-shot) prompt folds to its end, where the question is. */
const PROMPT_FOLD_CHARS = 600;

function Prompt({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  if (text.length <= PROMPT_FOLD_CHARS) return <div className="sample-text">{text}</div>;
  const lines = text.split('\n').length;
  return (
    <details className="sample-prompt" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {open ? 'Hide the whole prompt' : 'Show the whole prompt'}{' '}
        <span className="muted small">
          ({text.length.toLocaleString()} characters, {lines.toLocaleString()} lines)
        </span>
      </summary>
      {open && <div className="sample-text">{text}</div>}
      {!open && <div className="sample-text">…{text.slice(-PROMPT_FOLD_CHARS)}</div>}
    </details>
  );
}

/** A response against the baseline's: words only in this one are marked added, words only in the baseline removed. */
function DiffedText({ base, text }: { base: string; text: string }) {
  const segments = useMemo(() => wordDiff(base, text), [base, text]);
  return (
    <div className="sample-text">
      {segments.map((s, i) =>
        s.kind === 'added' ? (
          <ins key={i} className="diff-added">
            {s.text}
          </ins>
        ) : s.kind === 'removed' ? (
          <del key={i} className="diff-removed">
            {s.text}
          </del>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </div>
  );
}

/** One document in full (`review:sample`): prompt, target, and every column's response diffed against the baseline. */
export function SampleDetailView({ runIds, sampleKey, row, columns, onClose }: { runIds: readonly string[]; sampleKey: string; row: SampleRow | undefined; columns: readonly SampleColumn[]; onClose: () => void }) {
  const t = useTransport();
  const q = useQuery<SampleDetail>(['review:sample', runIds, sampleKey], () => t.call('review:sample', { runIds: [...runIds], key: sampleKey }));
  const [showDiff, setShowDiff] = useState(true);
  const d = q.data;
  const base = d?.responses[0]?.response ?? null;
  return (
    <div className="sample-detail" data-testid="review.sample-detail" data-key={sampleKey} data-state={d ? 'ready' : q.error ? 'error' : 'loading'}>
      <div className="section-head">
        <strong>{d ? taskLabel(d.task, d.filter) : row ? taskLabel(row.task, row.filter) : 'Document'}</strong>
        {d && <span className="muted small">doc {d.docId ?? '–'}{d.category !== null ? ` · ${d.category}` : ''}</span>}
        {row && <span className={`flip-badge flip-${row.flip}`}>{FLIP_LABEL[row.flip]}</span>}
        <label className="small">
          <input type="checkbox" checked={showDiff} onChange={(e) => setShowDiff(e.currentTarget.checked)} /> word diff against the baseline
        </label>
        <button type="button" className="sample-close" onClick={onClose} aria-label="Close the document">
          Close
        </button>
      </div>
      {q.error && <p className="error-text">{q.error.message}</p>}
      {!d && !q.error && <p className="muted small">Loading the document…</p>}
      {d && (
        <>
          <div className="sample-field">
            <div className="sample-label">Prompt</div>
            <Prompt key={d.key} text={d.prompt} />
          </div>
          <div className="sample-field">
            <div className="sample-label">Target</div>
            <div className="sample-text">{d.target}</div>
          </div>
          <div className="sample-responses" style={{ gridTemplateColumns: `repeat(${Math.max(1, d.responses.length)}, minmax(0, 1fr))` }}>
            {d.responses.map((r, i) => {
              const col = columns[i];
              const name = col?.name ?? r?.runId ?? runIds[i] ?? '';
              const m = markOf(r?.correct);
              return (
                <div key={col?.id ?? i} className="sample-response" data-testid="review.sample-response" data-run-id={r?.runId ?? runIds[i] ?? ''}>
                  <div className="sample-response-head">
                    <span className="swatch" style={{ background: col?.color }} />
                    <span className="ellipsis" title={name}>
                      {name}
                    </span>
                    {i === 0 && <span className="muted small">baseline</span>}
                    {r && (
                      <span className={m.className} title={m.label}>
                        {m.text}
                      </span>
                    )}
                  </div>
                  {r === null ? (
                    <p className="muted small">This run has no such document.</p>
                  ) : (
                    <>
                      {Object.keys(r.metrics).length > 0 && <div className="muted small">{metricsText(r.metrics)}</div>}
                      {i > 0 && showDiff && base !== null ? <DiffedText base={base} text={r.response} /> : <div className="sample-text">{r.response}</div>}
                    </>
                  )}
                </div>
              );
            })}
          </div>
        </>
      )}
    </div>
  );
}
