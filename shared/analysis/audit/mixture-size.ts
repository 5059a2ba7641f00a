const SIZE_SUFFIX: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

/** `1.5B`, `300M`, `2_000_000`, `1,000` and numeric strings as numbers: sizes are often written for humans. */
export function sizeLike(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const m = /^\s*([0-9][0-9_,]*(?:\.[0-9]*)?(?:e[+-]?[0-9]+)?)\s*([kmbgt])?\s*$/i.exec(v);
  if (!m?.[1]) return v;
  const n = Number(m[1].replace(/[_,]/g, ''));
  return m[2] ? n * (SIZE_SUFFIX[m[2].toLowerCase()] ?? Number.NaN) : n;
}
