export { runPipeline } from './run-pipeline.js';
export { OutcomeLedger } from './outcome-ledger.js';
export type { ItemsRunOptions, OutcomeRecorder, RunOptions, RunProgress, RunSummary, SourceRunOptions } from './types.js';
export { applyStages, sourceItems } from './source-items.js';
export { InFlight } from './in-flight.js';
