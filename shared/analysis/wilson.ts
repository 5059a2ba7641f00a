/** The 0.975 quantile of the standard normal: a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion (analyses.md §1.3 B). Unlike p̂ ± z·se it stays inside [0, 1] and
 * is not degenerate at 0 or n hits, which is the usual case for rare failures. With no trials nothing is known: [0, 1].
 */
export function wilson(hits: number, n: number, z: number = Z95): [number, number] {
  if (!(n > 0) || !Number.isFinite(n) || !Number.isFinite(hits)) return [0, 1];
  const p = Math.min(Math.max(hits / n, 0), 1);
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Clamped because rounding leaves −1e-17 at 0 hits, and the exact ends are known there.
  const lo = hits <= 0 ? 0 : Math.max(0, centre - half);
  const hi = hits >= n ? 1 : Math.min(1, centre + half);
  return [lo, hi];
}

/** ln(k!) for k = 0…, grown on demand: Fisher's test sums many hypergeometric terms over the same margins. */
const LOG_FACT: number[] = [0];

function logFactorial(k: number): number {
  for (let i = LOG_FACT.length; i <= k; i++) LOG_FACT.push((LOG_FACT[i - 1] as number) + Math.log(i));
  return LOG_FACT[k] as number;
}

/** ln P(X = x) for the hypergeometric law of the top-left cell given the margins. */
function logHyper(x: number, row1: number, row2: number, col1: number, total: number): number {
  return (
    logFactorial(row1) +
    logFactorial(row2) +
    logFactorial(col1) +
    logFactorial(total - col1) -
    logFactorial(total) -
    logFactorial(x) -
    logFactorial(row1 - x) -
    logFactorial(col1 - x) -
    logFactorial(row2 - col1 + x)
  );
}

/** Tables whose probability is within this relative margin of the observed one count as "as extreme" (R's fisher.test uses 1e-7). */
const TIE = 1 + 1e-7;

/**
 * Two-sided Fisher exact test of the 2×2 table [[a, b], [c, d]]: the sum of the probabilities of every table with the
 * same margins that is no more likely than the observed one. Counts must be non-negative integers (else NaN).
 */
export function fisherExactTwoSided(a: number, b: number, c: number, d: number): number {
  for (const v of [a, b, c, d]) if (!Number.isInteger(v) || v < 0) return Number.NaN;
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const total = row1 + row2;
  if (total === 0) return 1;
  const lo = Math.max(0, col1 - row2);
  const hi = Math.min(row1, col1);
  // One table fits the margins: it is certain (and exp of a rounded 0 need not be exactly 1).
  if (lo === hi) return 1;
  const observed = logHyper(a, row1, row2, col1, total);
  const cutoff = observed + Math.log(TIE);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = logHyper(x, row1, row2, col1, total);
    if (lp <= cutoff) p += Math.exp(lp);
  }
  return Math.min(1, p);
}
