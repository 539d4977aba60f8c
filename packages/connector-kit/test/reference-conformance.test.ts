import { testSource } from '../src/index.js';
import { Handles, ReferenceSource } from './reference-source.js';

// The suite must pass for a source that keeps the contract; faults-detected.test.ts proves it can fail.
const handles = new Handles();

testSource({
  name: 'reference in-memory source',
  create: () => new ReferenceSource(25, handles),
  expectedCount: 25,
  resourcesInUse: handles.count,
  abortLatencyMs: 500,
  createFailing: async () => ({
    source: new ReferenceSource(25, handles, { failAfter: 10 }),
    failsAfter: 10,
    recovered: () => new ReferenceSource(25, handles),
  }),
});
