// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the digits after an optional dot could also be the digits before it, and a long
// run of digits that does not end as a number backtracked quadratically (100,000 digits: 4 s; found by test/unit/fuzz/).
/** A decimal number as Python's `str(float)`, pandas and most CSV writers print it. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A table cell as a number: null when empty or not a number (text columns, timestamps). Python spells non-finite
 * floats `nan`/`inf`, other writers `NaN`/`Infinity`; they are kept as NaN/±Infinity, never dropped.
 * Stricter than `Number()`, which would read `0x10` as 16 and a blank as 0.
 */
export function parseNumberCell(cell: string): number | null {
  const t = cell.trim();
  if (t === '') return null;
  if (DECIMAL.test(t)) return Number(t);
  switch (t.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return Number.NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return null;
  }
}
