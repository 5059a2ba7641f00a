import path from 'node:path';
import { dvcliveImporter } from '../../../main/importers/dvclive';
import { fixturesDir } from '../../helpers/paths';
import { csvTailIsMidRecord, describeTruncation } from '../../helpers/truncation';

describeTruncation({ name: 'dvclive', importer: dvcliveImporter, root: path.join(fixturesDir, 'dvclive'), isTarget: (f) => f.endsWith('.tsv'), isMidRecord: csvTailIsMidRecord, minCases: 8, warning: /^Line \d+ \(byte \d+\) is unfinished/ });
