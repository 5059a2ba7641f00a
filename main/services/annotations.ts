import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Annotation, AnnotationsFile, SaveAnnotationReq, UndoResult } from '../../shared/domain/annotation';
import { AnnotationsFile as AnnotationsFileSchema } from '../../shared/domain/annotation';
import { AppError } from '../../shared/ipc/result';
import { writeFileAtomic } from '../platform/atomic-write';
import { readUserFile } from '../platform/user-file';

export const ANNOTATIONS_FILE = 'annotations.json';
/** Undo steps kept for the session. */
const UNDO_DEPTH = 100;

/**
 * The workspace's notes (issue 7), in `annotations.json`: written atomically (temp file, fsync, rename), so a crash
 * mid-save leaves the previous file; the version each save replaces is kept as `annotations.json.bak`, which the reader
 * falls back to if the file is ever found damaged. Writes are serialised so an older state never lands after a newer
 * one. Undo restores the state before the last change of this session.
 */
export class AnnotationsService {
  private data: Annotation[] = [];
  private readonly history: { what: string; before: Annotation[] }[] = [];
  /** Changes run one after another: each starts from the state the previous one left. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly now: () => number,
  ) {}

  /** Opens the workspace's notes; a damaged file is kept aside (never overwritten) and reported. */
  static async open(workspaceDir: string, now: () => number = Date.now): Promise<{ service: AnnotationsService; problem: string | null }> {
    const service = new AnnotationsService(path.join(workspaceDir, ANNOTATIONS_FILE), now);
    const { value, problem } = await readUserFile(service.file, AnnotationsFileSchema, 'starting with no notes', now());
    if (value) service.data = value.annotations;
    return { service, problem };
  }

  list(): Annotation[] {
    return this.data;
  }

  save(req: SaveAnnotationReq): Promise<Annotation> {
    return this.serial(() => this.saveNow(req));
  }

  delete(id: string): Promise<void> {
    return this.serial(() => this.deleteNow(id));
  }

  undo(): Promise<UndoResult> {
    return this.serial(() => this.undoNow());
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async saveNow(req: SaveAnnotationReq): Promise<Annotation> {
    const t = this.now();
    if (req.id !== undefined) {
      const prev = this.data.find((a) => a.id === req.id);
      if (!prev) throw new AppError('not-found', 'That note no longer exists.');
      const next: Annotation = { ...prev, target: req.target, text: req.text, updatedAtMs: t };
      await this.commit('edited note', this.data.map((a) => (a.id === req.id ? next : a)));
      return next;
    }
    const note: Annotation = { id: randomUUID(), target: req.target, text: req.text, createdAtMs: t, updatedAtMs: t };
    await this.commit('added note', [...this.data, note]);
    return note;
  }

  private async deleteNow(id: string): Promise<void> {
    if (!this.data.some((a) => a.id === id)) throw new AppError('not-found', 'That note no longer exists.');
    await this.commit('deleted note', this.data.filter((a) => a.id !== id));
  }

  private async undoNow(): Promise<UndoResult> {
    const last = this.history.pop();
    if (!last) return { undone: null, annotations: this.data };
    await this.write(last.before);
    return { undone: last.what, annotations: this.data };
  }

  private async commit(what: string, next: Annotation[]): Promise<void> {
    const before = this.data;
    await this.write(next);
    this.history.push({ what, before });
    if (this.history.length > UNDO_DEPTH) this.history.shift();
  }

  private async write(next: Annotation[]): Promise<void> {
    const file: AnnotationsFile = { version: 1, annotations: next };
    // A failed write throws before the state changes: what the app shows is what is on disk.
    await writeFileAtomic(this.file, `${JSON.stringify(file, null, 2)}\n`, { keepPrevious: true });
    this.data = next;
  }
}
