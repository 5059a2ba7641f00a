import type { StateCreator } from 'zustand';
import type { ImportDone, ImportProgress } from '../../shared/ipc/events';

/** An import job this window knows is running: started by us (add/rescan) or announced by a progress event. */
export interface RunningJob {
  readonly jobId: string;
  readonly sourceId: string | null;
  /** The latest progress event; null until the first one arrives. */
  readonly progress: ImportProgress | null;
}

export type ConnectionStatus = 'connecting' | 'open' | 'lost';

/** Recently finished job ids kept, so a late `add-source` answer cannot bring a finished job back. */
const FINISHED_KEPT = 50;

/** What the host told us about imports and the event stream. */
export interface HostSlice {
  runningJobs: Readonly<Record<string, RunningJob>>;
  finishedJobIds: readonly string[];
  lastImport: ImportDone | null;
  connection: ConnectionStatus;
  jobStarted(jobId: string, sourceId: string | null): void;
  importProgressed(p: ImportProgress): void;
  importDone(d: ImportDone): void;
  connectionChanged(c: 'open' | 'lost'): void;
}

export const createHostSlice: StateCreator<HostSlice, [], [], HostSlice> = (set) => ({
  runningJobs: {},
  finishedJobIds: [],
  lastImport: null,
  connection: 'connecting',
  jobStarted: (jobId, sourceId) =>
    set((s) => {
      if (s.finishedJobIds.includes(jobId) || s.runningJobs[jobId]) return {};
      return { runningJobs: { ...s.runningJobs, [jobId]: { jobId, sourceId, progress: null } } };
    }),
  importProgressed: (p) =>
    set((s) => {
      if (s.finishedJobIds.includes(p.jobId)) return {};
      return { runningJobs: { ...s.runningJobs, [p.jobId]: { jobId: p.jobId, sourceId: p.sourceId, progress: p } } };
    }),
  importDone: (d) =>
    set((s) => {
      const { [d.jobId]: _finished, ...rest } = s.runningJobs;
      return { runningJobs: rest, finishedJobIds: [...s.finishedJobIds, d.jobId].slice(-FINISHED_KEPT), lastImport: d };
    }),
  // Events may have been missed while the stream was down: forget running jobs; the refetched source states and
  // the next progress events say what is still running.
  connectionChanged: (c) => set(c === 'open' ? { connection: 'open', runningJobs: {} } : { connection: 'lost' }),
});
