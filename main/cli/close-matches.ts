/** Edit distance (insert, delete, substitute), case-insensitive: how far a typed name is from a real one. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

/**
 * The candidates a mistyped name most likely meant, best first: those containing it (or contained in it), then those
 * within a third of its length in edits. A user who typed `loss` for `train/loss` sees it; one who typed `banana` sees
 * nothing rather than the whole list.
 */
export function closeMatches(query: string, candidates: readonly string[], limit = 5): string[] {
  const q = query.toLowerCase();
  const budget = Math.max(2, Math.ceil(q.length / 3));
  const scored: { c: string; score: number }[] = [];
  for (const c of new Set(candidates)) {
    const lc = c.toLowerCase();
    if (q.length > 0 && (lc.includes(q) || q.includes(lc))) {
      scored.push({ c, score: Math.abs(lc.length - q.length) / 1000 });
      continue;
    }
    const d = editDistance(q, lc);
    if (d <= budget) scored.push({ c, score: d });
  }
  return scored
    .sort((x, y) => x.score - y.score || x.c.localeCompare(y.c))
    .slice(0, limit)
    .map((x) => x.c);
}
