/**
 * Colour-blind-friendly palette (Okabe–Ito, then Tableau extensions), readable on light and dark. Colours come in
 * families of two that are easy to confuse side by side (blue/sky, orange/yellow…): runs get different families
 * first, and only share one once every family is in use.
 */
export const PALETTE = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // green
  '#D55E00', // vermillion
  '#CC79A7', // pink
  '#7F7F7F', // grey
  '#56B4E9', // sky (blue family)
  '#F0C400', // yellow (orange family)
  '#BCBD22', // olive (green family)
  '#8C564B', // brown (vermillion family)
  '#9467BD', // purple (pink family)
  '#17BECF', // cyan (grey family)
] as const;

const FAMILIES = PALETTE.length / 2;
const familyOf = (slot: number) => slot % FAMILIES;

/** FNV-1a, 32 bit: a cheap, well-spread hash of a run id. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The palette slot a run prefers: a pure function of its id, so its colour survives reloads and library changes. */
export function preferredSlot(runId: string): number {
  return hashString(runId) % PALETTE.length;
}

function firstFrom(start: number, isFree: (slot: number) => boolean): number | null {
  for (let i = 0; i < PALETTE.length; i++) {
    const slot = (start + i) % PALETTE.length;
    if (isFree(slot)) return slot;
  }
  return null;
}

/**
 * One colour per shown run, the same in the table and in every chart. Each run takes the colour its id hashes to
 * unless a run picked earlier holds that colour or one of its family; then it takes the next colour that is free
 * (of a free family first). So adding a run never recolours the runs already shown, and up to six runs never share
 * a family. Past PALETTE.length runs, colours repeat.
 */
export function assignRunColors(runIdsInPickOrder: readonly string[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const slots = new Set<number>();
  const families = new Set<number>();
  for (const id of runIdsInPickOrder) {
    if (out.has(id)) continue;
    const want = preferredSlot(id);
    const slot = firstFrom(want, (s) => !families.has(familyOf(s))) ?? firstFrom(want, (s) => !slots.has(s)) ?? want;
    slots.add(slot);
    families.add(familyOf(slot));
    out.set(id, PALETTE[slot] as string);
  }
  return out;
}
