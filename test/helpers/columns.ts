/** A series column (Float64Array) as a plain array for `toEqual` against literal arrays; null/undefined pass through. */
export function plain(c: ArrayLike<number> | null | undefined): number[] | null | undefined {
  return c === null || c === undefined ? c : Array.from(c);
}

