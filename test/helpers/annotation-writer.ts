/**
 * Child process for the crash test: saves notes into a workspace as fast as it can and reports each acknowledged save
 * on stdout ("saved <count>"), until it is killed. Run with `node --import tsx`.
 */
import { AnnotationsService } from '../../main/services/annotations';

const dir = process.argv[2];
if (!dir) throw new Error('usage: annotation-writer <workspace dir>');
const { service } = await AnnotationsService.open(dir);
// Notes near the size limit: the file grows with every save, so a kill soon lands in the middle of a write.
const filler = 'x'.repeat(9_000);
for (let i = service.list().length; ; i++) {
  await service.save({ target: { kind: 'chart', metric: 'train/loss', runId: null, step: i, stepEnd: null }, text: `note ${i} ${filler}` });
  process.stdout.write(`saved ${service.list().length}\n`);
}
