import { ConfigInvalidError } from '../../core/errors.js';
import type { Embedder } from '../../core/ports.js';

/** Everything needed to build the embedder; the composition root maps config onto it. */
export interface EmbedderOptions {
  provider: 'builtin' | 'ollama' | 'openai' | 'llamacpp';
  /** Ollama / OpenAI model name. */
  model?: string;
  /** Ollama or OpenAI-compatible server URL. */
  baseUrl?: string;
  apiKey?: string;
  /** llama.cpp: the embedding model's .gguf. */
  modelPath?: string;
  /** Built-in: vector size (default 384). */
  dimensions?: number;
  /** Limit per embedding request. Default 30 s. */
  timeoutMs?: number;
  /** llama.cpp: CPU threads. */
  threads?: number;
}

/**
 * Reads SMM_EMBEDDER ("builtin", "ollama:<model>", "openai:<model>",
 * "llamacpp:<path.gguf>") into the provider and its model.
 */
export function parseEmbedderSpec(spec: string): Pick<EmbedderOptions, 'provider' | 'model' | 'modelPath'> {
  const trimmed = spec.trim();
  if (trimmed === '' || trimmed === 'builtin') return { provider: 'builtin' };
  const colon = trimmed.indexOf(':');
  const provider = colon > 0 ? trimmed.slice(0, colon) : trimmed;
  const rest = colon > 0 ? trimmed.slice(colon + 1) : '';
  if ((provider === 'ollama' || provider === 'openai') && rest) return { provider, model: rest };
  if (provider === 'llamacpp' && rest) return { provider, modelPath: rest };
  throw new ConfigInvalidError(
    `Unknown embedder "${spec}" in SMM_EMBEDDER: use builtin, ollama:<model>, openai:<model> or llamacpp:<path.gguf>.`,
    'Set SMM_EMBEDDER to builtin, ollama:<model>, openai:<model> or llamacpp:<path.gguf>.',
  );
}

/**
 * Builds the embedder, importing only that provider's module. Neural
 * embedders learn their vector size on first use: call `ready()` on them
 * (see DiscoverableEmbedder) before reading `dimensions`.
 */
export async function createEmbedder(options: EmbedderOptions): Promise<Embedder> {
  switch (options.provider) {
    case 'builtin': {
      const { BuiltinEmbedder } = await import('./builtin-embedder.js');
      return new BuiltinEmbedder({ dimensions: options.dimensions });
    }
    case 'ollama': {
      if (!options.model) throw new ConfigInvalidError('The Ollama embedder needs a model.', 'Set SMM_EMBEDDER=ollama:<model>, e.g. ollama:nomic-embed-text.');
      const { OllamaEmbedder } = await import('./ollama-embedder.js');
      return new OllamaEmbedder({ model: options.model, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    }
    case 'openai': {
      if (!options.model) throw new ConfigInvalidError('The OpenAI embedder needs a model.', 'Set SMM_EMBEDDER=openai:<model>, e.g. openai:text-embedding-3-small.');
      const { OpenAiEmbedder } = await import('./openai-embedder.js');
      return new OpenAiEmbedder({ model: options.model, baseUrl: options.baseUrl, apiKey: options.apiKey, dimensions: options.dimensions, timeoutMs: options.timeoutMs });
    }
    case 'llamacpp': {
      if (!options.modelPath) throw new ConfigInvalidError('The llama.cpp embedder needs a model file.', 'Set SMM_EMBEDDER=llamacpp:<path to an embedding .gguf>.');
      const { LlamaCppEmbedder } = await import('./llama-cpp-embedder.js');
      return new LlamaCppEmbedder({ modelPath: options.modelPath, threads: options.threads });
    }
  }
}
