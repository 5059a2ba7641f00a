/**
 * Behavioural panels (analyses.md §3.3): hallucination, bias, negative-constraint compliance and toxicity, read from
 * lm-eval aggregate numbers and per-sample logs, and the findings that compare each run with the base run.
 */

export { behaviourRows, ifevalInstructionScores } from './behaviour-rows';
export type { InstructionScores } from './behaviour-rows';
export { behaviourFindings, biasAmplification } from './behaviour-findings';
export type { Amplification } from './behaviour-findings';
