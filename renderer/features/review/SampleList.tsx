import { useVirtualizer } from '@tanstack/react-virtual';
import type { KeyboardEvent } from 'react';
import { useEffect, useMemo, useRef } from 'react';
import type { SampleRow } from '../../../shared/domain/review';
import { FLIP_LABEL, markOf, taskLabel } from './samples-model';

/** Fixed row height: the list is virtualised, so only the rows in view (plus a few) are in the DOM. */
const ROW_HEIGHT = 28;
const PAGE_ROWS = 12;

export interface SampleColumn {
  readonly id: string;
  readonly name: string;
  readonly color: string | undefined;
}

/**
 * The matched documents, one row each: task, doc id, the end of the prompt, right/wrong per column and the flip.
 * ↑/↓ (PageUp/PageDown, Home/End) move the cursor, Enter opens the document, as does a click.
 */
export function SampleList({
  rows,
  total,
  columns,
  activeKey,
  openKey,
  onActive,
  onOpen,
}: {
  rows: readonly SampleRow[];
  /** Rows that passed every filter, the unsent (truncated) ones included. */
  total: number;
  columns: readonly SampleColumn[];
  activeKey: string | null;
  openKey: string | null;
  onActive: (key: string) => void;
  onOpen: (key: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const activeIndex = useMemo(() => (activeKey === null ? -1 : rows.findIndex((r) => r.key === activeKey)), [rows, activeKey]);
  const gridColumns = `minmax(90px, 14%) 56px minmax(0, 1fr) ${columns.map(() => '26px').join(' ')} 110px`;

  // The cursor stays in view as it moves, whether by key or because the list under it changed.
  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  function move(to: number): void {
    if (rows.length === 0) return;
    const row = rows[Math.max(0, Math.min(rows.length - 1, to))];
    if (row) onActive(row.key);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const at = activeIndex;
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE_ROWS, PageUp: -PAGE_ROWS };
    const step = steps[e.key];
    if (step !== undefined) move(at < 0 ? 0 : at + step);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === 'Enter' && at >= 0) {
      const row = rows[at];
      if (row) onOpen(row.key);
    } else return;
    e.preventDefault();
  }

  return (
    <div className="sample-list" data-testid="review.sample-list" data-total={total} data-rows={rows.length}>
      <div className="sample-list-head sample-grid" style={{ gridTemplateColumns: gridColumns }} aria-hidden="true">
        <span>Task</span>
        <span className="num">Doc</span>
        <span>Prompt (end)</span>
        {columns.map((c, i) => (
          <span key={c.id} className="sample-mark" title={`${c.name}${i === 0 ? ' (baseline)' : ''}`}>
            <span className="swatch" style={{ background: c.color }} />
          </span>
        ))}
        <span>Flip</span>
      </div>
      <div
        ref={scrollRef}
        className="sample-list-scroll"
        role="listbox"
        tabIndex={0}
        aria-label="Matched documents"
        aria-activedescendant={activeIndex >= 0 ? `sample-row-${activeIndex}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index];
            if (!row) return null;
            const classes = ['sample-row', 'sample-grid', v.index === activeIndex ? 'active' : '', row.key === openKey ? 'open' : ''].filter(Boolean).join(' ');
            return (
              <div
                key={row.key}
                id={`sample-row-${v.index}`}
                role="option"
                aria-selected={row.key === openKey}
                className={classes}
                data-testid="review.sample-row"
                data-key={row.key}
                data-flip={row.flip}
                data-index={v.index}
                style={{ gridTemplateColumns: gridColumns, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
                onClick={() => {
                  onActive(row.key);
                  onOpen(row.key);
                }}
              >
                <span className="ellipsis" title={taskLabel(row.task, row.filter)}>
                  {taskLabel(row.task, row.filter)}
                </span>
                <span className="num muted">{row.docId ?? '–'}</span>
                <span className="ellipsis sample-preview" title={row.preview}>
                  {row.preview}
                </span>
                {columns.map((c, i) => {
                  const m = markOf(row.correct[i]);
                  return (
                    <span key={c.id} className={`sample-mark ${m.className}`} title={`${c.name}: ${m.label}`}>
                      {m.text}
                    </span>
                  );
                })}
                <span className={`flip-badge flip-${row.flip}`}>{FLIP_LABEL[row.flip]}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
