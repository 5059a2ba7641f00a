import type { RunFormat } from '../../shared/domain/run';
import type { Importer } from '../../shared/importers/importer';
import { dvcliveImporter } from './dvclive';
import { hfTrainerImporter } from './hf-trainer';
import { lightningCsvImporter } from './lightning-csv';
import { llamaFactoryImporter } from './llama-factory';
import { lmEvalImporter } from './lm-eval';
import { mlflowImporter } from './mlflow';
import { rawLogImporter } from './raw-log';
import { sweepImporter } from './sweep';
import { tableImporter } from './table';
import { tensorboardImporter } from './tensorboard';
import { wandbImporter } from './wandb';

/** Every importer, in tie-break order (earlier wins when confidences are equal). */
export const importers: readonly Importer[] = [sweepImporter, hfTrainerImporter, tensorboardImporter, lmEvalImporter, wandbImporter, lightningCsvImporter, llamaFactoryImporter, mlflowImporter, rawLogImporter, dvcliveImporter, tableImporter];

export function importerFor(format: RunFormat): Importer {
  const found = importers.find((i) => i.id === format);
  if (!found) throw new Error(`No importer for format ${format}`);
  return found;
}
