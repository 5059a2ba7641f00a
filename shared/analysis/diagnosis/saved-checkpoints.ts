/**
 * Steps at which a log says a checkpoint was written (Megatron/DeepSpeed "successfully saved checkpoint at iteration
 * N", DeepSpeed "Saving model checkpoint: …/global_stepN", HF "Saving model checkpoint to …/checkpoint-N"). Goodput
 * needs the checkpoint cadence of runs whose only record is their console log.
 */
const SAVED = [
  /successfully saved checkpoint at iteration\s+(\d+)/i,
  /Saving model checkpoint(?: to|:)\s+\S*?(?:checkpoint-|global_step)(\d+)/,
  /\[Torch\] Checkpoint global_step(\d+) is (?:ready|saved)/i,
];

export function savedCheckpointSteps(lines: readonly string[]): number[] {
  const out = new Set<number>();
  for (const text of lines) {
    if (!/checkpoint/i.test(text)) continue;
    for (const re of SAVED) {
      const m = re.exec(text);
      if (m?.[1] !== undefined) {
        out.add(Number(m[1]));
        break;
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}
