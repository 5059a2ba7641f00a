/**
 * The numbered versions the user-data writer children save (test/helpers/*-writer.ts) and the crash tests expect: save
 * k is a pure function of k, so after a kill the test knows exactly which contents are acceptable. Each version is
 * larger than the one before it, so a write cut short or two versions mixed can never pass for a whole one.
 */
import type { CompareSettings } from '../../shared/domain/compare';
import type { ReportSpec } from '../../shared/domain/report';
import type { WorkspaceFile, WorkspaceStore } from '../../main/services/workspace-store';

const MAX_RECENT = 10;

const sourceOf = (j: number): WorkspaceFile['sources'][number] => ({ id: `src-${j}`, path: `/runs/${j}/${'p'.repeat(300)}`, name: `run ${j}`, addedAtMs: j });
const settingsOf = (k: number): CompareSettings => ({
  methods: Object.fromEntries(Array.from({ length: k }, (_, i) => [`run-${i}`, `method ${k}`])),
  categories: {},
});

/** Save k on the workspace file: odd saves add a folder (folder list, recent folders), even ones replace the comparison settings. */
export async function workspaceSave(store: WorkspaceStore, k: number): Promise<void> {
  if (k % 2 === 1) await store.addSource(sourceOf(k));
  else await store.setCompareSettings(settingsOf(k));
}

/** The workspace file after saves 1..k. */
export function workspaceVersion(k: number): WorkspaceFile {
  const odd = Array.from({ length: k }, (_, i) => i + 1).filter((j) => j % 2 === 1);
  const lastEven = k - (k % 2);
  return {
    version: 1,
    sources: odd.map(sourceOf),
    recentFolders: odd.map((j) => sourceOf(j).path).reverse().slice(0, MAX_RECENT),
    ...(lastEven >= 2 ? { compare: settingsOf(lastEven) } : {}),
  };
}

/** Save k of the reports: odd saves write report `alpha`, even ones `beta`; `updatedAtMs` is k (the writer's clock). */
export function reportVersion(k: number): ReportSpec {
  const id = k % 2 === 1 ? 'alpha' : 'beta';
  return {
    version: 1,
    id,
    title: `Report ${id} v${k}`,
    authors: '',
    date: '',
    updatedAtMs: k,
    sections: Array.from({ length: 1 + (k % 5) }, (_, i) => ({ kind: 'text' as const, title: `Section ${i}`, markdown: `v${k} ${'x'.repeat(3000 + ((k * 977 + i * 131) % 7000) + k * 50)}` })),
  };
}
