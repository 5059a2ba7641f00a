/**
 * A stored per-sample metrics object (`eval_samples.metrics_json`) as numbers. Booleans (0/1 metrics some lm-eval
 * tasks write as true/false) count as 1/0; anything else is left out. Damaged text (a cache written by another
 * version) gives no scores rather than an error: the document then shows as unscored.
 */
export function parseSampleMetrics(json: string): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    const v: unknown = JSON.parse(json);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'number') out[k] = x;
        else if (typeof x === 'boolean') out[k] = x ? 1 : 0;
      }
    }
  } catch {
    // See above: no scores.
  }
  return out;
}
