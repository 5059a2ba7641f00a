import { useState } from 'react';
import type { MetricInfo } from './metric-model';
import { groupMetrics } from './metric-model';

export function MetricPicker({ metrics, picked, onToggle }: { metrics: readonly MetricInfo[]; picked: readonly string[]; onToggle: (name: string) => void }) {
  const [search, setSearch] = useState('');
  const low = search.trim().toLowerCase();
  const shown = metrics.filter((m) => low === '' || m.name.toLowerCase().includes(low));
  const byName = new Map(metrics.map((m) => [m.name, m]));
  return (
    <section className="metric-picker" aria-label="Metrics">
      <input placeholder="Search metrics" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search metrics" />
      {groupMetrics(shown.map((m) => m.name)).map((g) => (
        <fieldset key={g.group}>
          <legend>{g.group === '' ? 'metrics' : g.group}</legend>
          {g.names.map((n) => (
            <label key={n} data-testid="curves.metric-option" data-metric={n} title={`${byName.get(n)?.points ?? 0} points in ${byName.get(n)?.runCount ?? 0} runs`}>
              <input type="checkbox" checked={picked.includes(n)} onChange={() => onToggle(n)} />
              {g.group === '' ? n : n.slice(g.group.length)}
            </label>
          ))}
        </fieldset>
      ))}
      {metrics.length === 0 && <p className="empty">Select runs to see their metrics.</p>}
    </section>
  );
}
