import path from 'node:path';
import { lightningCsvImporter } from '../../../main/importers/lightning-csv';
import { fixturesDir } from '../../helpers/paths';
import { csvTailIsMidRecord, describeTruncation } from '../../helpers/truncation';

describeTruncation({ name: 'lightning-csv', importer: lightningCsvImporter, root: path.join(fixturesDir, 'lightning-csv'), isTarget: (f) => f.endsWith('.csv'), isMidRecord: csvTailIsMidRecord, minCases: 7, warning: /^Line \d+ \(byte \d+\) is unfinished/ });
