/** Numbers in explanations: four significant digits, exponent form for very large or small magnitudes. */
export function fmt(v: number | null): string {
  if (v === null || Number.isNaN(v)) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(3);
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

/** A step as written in explanations (steps are usually integers; keep fractions such as epochs readable). */
export function fmtStep(s: number): string {
  return Number.isInteger(s) ? String(s) : fmt(s);
}

export function pct(v: number): string {
  return `${fmt(Math.round(v * 10) / 10)}%`;
}

/** Evidence values must survive JSON (the web transport): non-finite numbers become null. */
export function ev(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}
