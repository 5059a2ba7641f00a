import type { Source } from '../../shared/domain/run';
import type { RunningJob } from '../state/host-slice';

export type AppReadiness = 'loading' | 'importing' | 'ready';

/**
 * The root's `data-app-state` (tests wait on it, never on time): `loading` until the first source and run lists
 * have answered, `importing` while an import job runs (as events or the source list tell), `ready` otherwise.
 */
export function appReadiness(input: {
  readonly sources: readonly Source[] | undefined;
  readonly runsLoaded: boolean;
  readonly runningJobs: Readonly<Record<string, RunningJob>>;
}): AppReadiness {
  if (input.sources === undefined || !input.runsLoaded) return 'loading';
  if (Object.keys(input.runningJobs).length > 0) return 'importing';
  if (input.sources.some((s) => s.state === 'importing')) return 'importing';
  return 'ready';
}
