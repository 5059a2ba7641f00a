const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order for names: `lr-2` before `lr-10`, case ignored. */
export function compareNatural(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
