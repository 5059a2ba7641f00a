/**
 * Child process for the report crash test: saves report versions start, start+1, … (test/helpers/crash-versions.ts)
 * through the app's ReportsService as fast as it can and reports each acknowledged save on stdout ("saved <k>"),
 * until it is killed. Run with HOST_NODE_ARGS (test/helpers/kill-child.ts): the service is built on a DuckDB engine.
 */
import { Engine } from '../../main/db/engine';
import { LibraryService } from '../../main/services/library';
import { ReportsService } from '../../main/services/reports';
import { reportVersion } from './crash-versions';

const [dir, startText] = process.argv.slice(2);
if (!dir || !startText) throw new Error('usage: report-writer <workspace dir> <first version>');
let k = Number(startText);
const engine = await Engine.open(':memory:');
// The service stamps updatedAtMs from its clock: the version number, so each save's bytes are known in advance.
const reports = new ReportsService(dir, engine, new LibraryService(engine), 'test', () => k);
for (; ; k++) {
  await reports.save({ ...reportVersion(k), updatedAtMs: 0 });
  process.stdout.write(`saved ${k}\n`);
}
