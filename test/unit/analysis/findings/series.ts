/** Synthetic series with known answers for the findings tests. */
export interface S {
  steps: number[];
  values: number[];
}

/** Deterministic noise in [-1, 1] (a small LCG, so tests never depend on Math.random). */
export function noise(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return (x / 0xffffffff) * 2 - 1;
  };
}

export function series(n: number, f: (i: number) => number, step = (i: number) => i): S {
  const steps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    steps.push(step(i));
    values.push(f(i));
  }
  return { steps, values };
}

export const runOf = (entries: Record<string, S>) => new Map(Object.entries(entries));
