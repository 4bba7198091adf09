import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BuiltinEmbedder } from '../../src/adapters/embeddings/builtin-embedder.js';
import { openStorage } from '../../src/adapters/storage/open-storage.js';
import { MemoryVectorIndex } from '../../src/adapters/vector/memory-vector-index.js';
import { ExampleRetrieval } from '../../src/core/generation/example-retrieval.js';
import { GenerationService, type GenerationOptions } from '../../src/core/generation/generation-service.js';
import type { VoiceContextSource } from '../../src/core/generation/voice-context.js';
import { IndexSyncService } from '../../src/core/indexing/index-sync-service.js';
import type { ChatModel, Clock, Embedder, Storage, VectorIndex } from '../../src/core/ports.js';
import { ProfileService } from '../../src/core/profiles/profile-service.js';
import { VoiceService } from '../../src/core/voice/voice-service.js';

import { sharedFixture } from './optional-needs.js';

export interface DevsetPost {
  author: string;
  text: string;
  time: string;
}

/** Real posts of one author (or all) from the voice development set's train file. */
export async function readDevset(author?: string, file = 'train.jsonl'): Promise<DevsetPost[]> {
  const text = await readFile(sharedFixture('voice-devset', file), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DevsetPost)
    .filter((post) => author === undefined || post.author === author);
}

function realVoice(profiles: ProfileService, storage: Storage): VoiceContextSource {
  return new VoiceService({ posts: storage.posts, profiles, store: { settings: storage.settings, workspaces: storage.profiles } });
}

export interface GenerationStack {
  storage: Storage;
  embedder: Embedder;
  vectorIndex: VectorIndex;
  profiles: ProfileService;
  indexing: IndexSyncService;
  generation: GenerationService;
  close(): Promise<void>;
}

/**
 * The generation engine over real parts: a SQLite file in `dir`, the built-in
 * embedder, the given vector index (in-memory by default) and chat model.
 */
export async function openGenerationStack(options: {
  dir: string;
  chatModel: ChatModel;
  /** Default: the real VoiceService, keeping fingerprints in settings. */
  voice?: (profiles: ProfileService, storage: Storage) => VoiceContextSource;
  vectorIndex?: VectorIndex;
  clock?: Clock;
  options?: GenerationOptions;
}): Promise<GenerationStack> {
  const clock = options.clock ?? { now: () => new Date() };
  const storage = await openStorage({ sqlitePath: path.join(options.dir, 'smm.db'), clock });
  const embedder = new BuiltinEmbedder();
  const vectorIndex = options.vectorIndex ?? new MemoryVectorIndex();
  const profiles = new ProfileService(storage.profiles);
  const indexing = new IndexSyncService({ ...storage, vectorIndex, embedder });
  const retrieval = new ExampleRetrieval({
    posts: storage.posts,
    profiles: storage.profiles,
    vectorIndex,
    embedder,
    indexSync: indexing,
    embedCandidatesLocally: true,
  });
  const generation = new GenerationService({
    profiles,
    posts: storage.posts,
    generations: storage.generations,
    chatModel: options.chatModel,
    embedder,
    retrieval,
    voice: (options.voice ?? realVoice)(profiles, storage),
    clock,
    options: options.options,
  });
  return {
    storage,
    embedder,
    vectorIndex,
    profiles,
    indexing,
    generation,
    close: async () => {
      await vectorIndex.close();
      await storage.close();
    },
  };
}
