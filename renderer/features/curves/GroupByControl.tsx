import type { BandKind } from '../../charts/options/aggregate-lines';
import { BAND_LABEL } from '../../charts/options/aggregate-lines';
import type { GroupRule } from './group-model';

export interface GroupBySettings {
  readonly rule: GroupRule;
  readonly band: BandKind;
  readonly showRuns: boolean;
}

export interface GroupByControlProps {
  readonly settings: GroupBySettings;
  /** Config keys the plotted runs set. */
  readonly configKeys: readonly string[];
  /** Why grouping is not drawn (another x axis, a broken regex, too many groups), or null. */
  readonly note: string | null;
  readonly groupCount: number;
  readonly onChange: (s: GroupBySettings) => void;
}

const REGEX = 'regex';
const CONFIG = 'config:';

function selectValue(rule: GroupRule): string {
  return rule.kind === 'config' ? `${CONFIG}${rule.key}` : rule.kind === 'regex' ? REGEX : '';
}

/** Group the plotted runs by a config key or a run-name regex, drawn as mean lines with bands. */
export function GroupByControl({ settings, configKeys, note, groupCount, onChange }: GroupByControlProps) {
  const { rule } = settings;
  const isActive = rule.kind !== 'none';
  // A key picked earlier stays in the list even when the runs now plotted lack it.
  const keys = rule.kind === 'config' && !configKeys.includes(rule.key) ? [rule.key, ...configKeys] : configKeys;
  return (
    <div className="group-by">
      <label>
        Group{' '}
        <select
          data-testid="curves.group-by"
          value={selectValue(rule)}
          onChange={(e) => {
            const v = e.target.value;
            const next: GroupRule = v === '' ? { kind: 'none' } : v === REGEX ? { kind: 'regex', pattern: rule.kind === 'regex' ? rule.pattern : '' } : { kind: 'config', key: v.slice(CONFIG.length) };
            onChange({ ...settings, rule: next });
          }}
        >
          <option value="">none</option>
          <option value={REGEX}>by run name (regex)</option>
          {keys.map((k) => (
            <option key={k} value={`${CONFIG}${k}`}>
              {k}
            </option>
          ))}
        </select>
      </label>
      {rule.kind === 'regex' && (
        <input
          type="text"
          data-testid="curves.group-regex"
          placeholder="e.g. seed\d+|^(.*)-s\d"
          value={rule.pattern}
          onChange={(e) => onChange({ ...settings, rule: { kind: 'regex', pattern: e.target.value } })}
          aria-label="Regex over run names: capture group 1, or the whole match, names the group"
          spellCheck={false}
        />
      )}
      {isActive && (
        <>
          <select data-testid="curves.group-band" value={settings.band} onChange={(e) => onChange({ ...settings, band: e.target.value === 'minmax' ? 'minmax' : 'ci95' })} aria-label="Band around each group's mean">
            <option value="ci95">{BAND_LABEL.ci95}</option>
            <option value="minmax">{BAND_LABEL.minmax}</option>
          </select>
          <label>
            <input type="checkbox" data-testid="curves.group-show-runs" checked={settings.showRuns} onChange={(e) => onChange({ ...settings, showRuns: e.target.checked })} /> runs
          </label>
          <span className="muted small" data-testid="curves.group-count">
            {groupCount} {groupCount === 1 ? 'group' : 'groups'}
          </span>
        </>
      )}
      {note !== null && (
        <span className="muted small" data-testid="curves.group-note" role="note">
          {note}
        </span>
      )}
    </div>
  );
}
