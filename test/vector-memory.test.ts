import { MemoryVectorIndex } from '../src/adapters/vector/memory-vector-index.js';
import { vectorIndexContract } from './vector-index-contract.js';

vectorIndexContract('memory', async () => new MemoryVectorIndex());
