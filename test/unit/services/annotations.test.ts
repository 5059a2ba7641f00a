import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnotationsService } from '../../../main/services/annotations';
import type { AnnotationTarget } from '../../../shared/domain/annotation';
import { tempDir } from '../../helpers/paths';

const at = (step: number): AnnotationTarget => ({ kind: 'chart', metric: 'train/loss', runId: null, step, stepEnd: null });

describe('AnnotationsService', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let clock = 1000;
  const now = () => clock++;
  beforeEach(async () => {
    t = await tempDir();
  });
  afterEach(() => t.cleanup());

  it('adds, edits and deletes notes, each change on disk, and undoes them in reverse order', async () => {
    const { service } = await AnnotationsService.open(t.dir, now);
    const a = await service.save({ target: at(10), text: 'warm-up ends' });
    const b = await service.save({ target: { kind: 'run', runId: 'src/run a' }, text: '<img src=x onerror=alert(1)>' });
    await service.save({ id: a.id, target: { kind: 'chart', metric: 'train/loss', runId: null, step: 10, stepEnd: 20 }, text: 'warm-up ends here' });
    await service.delete(b.id);
    const onDisk = async () => (JSON.parse(await readFile(path.join(t.dir, 'annotations.json'), 'utf8')) as { annotations: { text: string }[] }).annotations.map((n) => n.text);
    expect(await onDisk()).toEqual(['warm-up ends here']);
    expect(service.list()[0]).toMatchObject({ createdAtMs: a.createdAtMs, target: { stepEnd: 20 } });
    expect(service.list()[0]?.updatedAtMs).toBeGreaterThan(a.createdAtMs);

    expect((await service.undo()).undone).toBe('deleted note');
    expect(await onDisk()).toEqual(['warm-up ends here', '<img src=x onerror=alert(1)>']);
    expect((await service.undo()).undone).toBe('edited note');
    expect(service.list()[0]?.text).toBe('warm-up ends');
    await service.undo();
    await service.undo();
    expect(await onDisk()).toEqual([]);
    expect(await service.undo()).toEqual({ undone: null, annotations: [] });
    // A new session reads what the last one left.
    const again = await AnnotationsService.open(t.dir, now);
    expect(again.service.list()).toEqual([]);
  });

  it('keeps concurrent saves: each starts from the state the previous one left', async () => {
    const { service } = await AnnotationsService.open(t.dir, now);
    await Promise.all(Array.from({ length: 20 }, (_, i) => service.save({ target: at(i), text: `n${i}` })));
    const reopened = (await AnnotationsService.open(t.dir, now)).service.list();
    expect(reopened.map((n) => n.text).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`).sort());
  });

  it('refuses to edit or delete a note that is gone', async () => {
    const { service } = await AnnotationsService.open(t.dir, now);
    await expect(service.delete('nope')).rejects.toThrow(/no longer exists/);
    await expect(service.save({ id: 'nope', target: at(1), text: 'x' })).rejects.toThrow(/no longer exists/);
  });

  it('keeps a damaged file aside instead of overwriting it, and says so', async () => {
    await writeFile(path.join(t.dir, 'annotations.json'), '{"version": 1, "annotations": [');
    const { service, problem } = await AnnotationsService.open(t.dir, () => 42);
    expect(problem).toMatch(/annotations\.json could not be read: .*kept as annotations\.json\.damaged-42/);
    expect(service.list()).toEqual([]);
    expect(await readFile(path.join(t.dir, 'annotations.json.damaged-42'), 'utf8')).toBe('{"version": 1, "annotations": [');
  });
});
