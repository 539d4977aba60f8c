export { startEmulator } from './emulator.js';
export type { EmulatorOptions, EmulatorStats, RunningEmulator } from './emulator.js';
export { DocumentStore } from './document-store.js';
export type { DocumentStoreOptions, StoredDocument } from './document-store.js';
export { FaultInjector } from './faults.js';
export { seededRandom } from './prng.js';
export type { FaultOptions, FaultRule } from './faults.js';
export { EmulatorConfigError, EmulatorStorageError } from './errors.js';
