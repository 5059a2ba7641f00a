import path from 'node:path';
import { llamaFactoryImporter } from '../../../main/importers/llama-factory';
import { fixturesDir } from '../../helpers/paths';
import { describeTruncation, jsonlTailIsMidRecord } from '../../helpers/truncation';

describeTruncation({ name: 'llama-factory', importer: llamaFactoryImporter, root: path.join(fixturesDir, 'llama-factory'), isTarget: (f) => f.endsWith('.jsonl'), isMidRecord: jsonlTailIsMidRecord, minCases: 4, warning: /^Line \d+ \(byte \d+\) (is unfinished|was skipped)/ });
