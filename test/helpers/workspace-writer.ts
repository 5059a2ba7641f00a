/**
 * Child process for the settings / folder list crash test: applies workspace saves start, start+1, …
 * (test/helpers/crash-versions.ts) through the app's WorkspaceStore as fast as it can and reports each acknowledged
 * save on stdout ("saved <k>"), until it is killed. Run with TS_NODE_ARGS (test/helpers/kill-child.ts).
 */
import { WorkspaceStore } from '../../main/services/workspace-store';
import { workspaceSave } from './crash-versions';

const [dir, startText] = process.argv.slice(2);
if (!dir || !startText) throw new Error('usage: workspace-writer <workspace dir> <first version>');
const { store, problem } = await WorkspaceStore.open(dir);
if (problem !== null) throw new Error(problem);
for (let k = Number(startText); ; k++) {
  await workspaceSave(store, k);
  process.stdout.write(`saved ${k}\n`);
}
