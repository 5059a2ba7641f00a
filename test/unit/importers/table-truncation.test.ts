import path from 'node:path';
import { tableImporter } from '../../../main/importers/table';
import { fixturesDir } from '../../helpers/paths';
import { csvTailIsMidRecord, describeTruncation, jsonlTailIsMidRecord } from '../../helpers/truncation';

describeTruncation({
  name: 'table',
  importer: tableImporter,
  root: path.join(fixturesDir, 'table'),
  isTarget: (f) => /\.(csv|tsv|jsonl)$/.test(f),
  isMidRecord: (file, tail) => (file.endsWith('.jsonl') ? jsonlTailIsMidRecord(file, tail) : csvTailIsMidRecord(file, tail)),
  minCases: 5,
  warning: /^Line \d+ \(byte \d+\) (is unfinished|was skipped)/,
});
