import type { ResumeState } from './records';

type StateObject = { readonly [key: string]: ResumeState };

/** The state as an object, or null: resume state comes back from the host's memory and is read defensively. */
export function stateObject(state: ResumeState | undefined): StateObject | null {
  return state !== null && state !== undefined && typeof state === 'object' && !Array.isArray(state) ? (state as StateObject) : null;
}

export function numberIn(state: ResumeState | undefined, key: string): number | null {
  const v = stateObject(state)?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A string → string map stored under `key` (plugin names per tag, a CSV header's columns by index…). */
export function stringMapIn(state: ResumeState | undefined, key: string): Map<string, string> {
  const out = new Map<string, string>();
  const obj = stateObject(stateObject(state)?.[key]);
  if (obj) for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') out.set(k, v);
  return out;
}

export function stringListIn(state: ResumeState | undefined, key: string): string[] | null {
  const v = stateObject(state)?.[key];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
}
