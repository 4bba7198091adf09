import { ConfigInvalidError } from '../../core/errors.js';
import type { ChatModel, ProgressListener, StructuredAnswer, StructuredRequest, ToolChatRequest, ToolChatTurn } from '../../core/ports.js';
import { untilAborted } from './request-deadline.js';
import type { ScriptedChatModelOptions } from './scripted-chat-model.js';

/** Everything needed to build the chat model; the composition root maps config onto it. */
export interface ChatModelOptions {
  provider: 'embedded' | 'ollama' | 'openai' | 'scripted';
  /** Ollama / OpenAI: the model name. Embedded: an `hf:` URI or URL of a GGUF to use instead of the default. */
  model?: string;
  /** Ollama or OpenAI-compatible server URL. */
  baseUrl?: string;
  apiKey?: string;
  /** Embedded: a local .gguf (SMM_MODEL_PATH). */
  modelPath?: string;
  /** Where downloaded models live (`<cacheDir>/models`). */
  cacheDir: string;
  /** Limit for one generation (SMM_LLM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Embedded: download the model on first use when it is missing (default false: `smm models pull` does it). */
  download?: boolean;
  onDownloadProgress?: ProgressListener;
  /** Embedded: CPU threads (default node-llama-cpp's) and largest context. */
  threads?: number;
  contextSize?: number;
  /** Embedded: sequences of the context (SMM_MODEL_SEQUENCES): variants decoded side by side and prompt prefixes kept. */
  sequences?: number;
  /** Scripted: the script; default replies with a sample of each request's schema. */
  script?: ScriptedChatModelOptions;
}

/** The embedded model's id before its file is known: "embedded:<repo>-<quant>" of an hf: URI, else the file name. */
export function embeddedIdForUri(uri: string): string {
  const hub = /^hf:[^/]+\/([^:/]+?)(?:-GGUF)?(?::([\w.-]+))?$/i.exec(uri);
  if (hub) return `embedded:${[hub[1], hub[2]].filter(Boolean).join('-').toLowerCase()}`;
  const name = uri.split(/[/\\]/).pop() ?? uri;
  return `embedded:${name.replace(/\.gguf$/i, '').toLowerCase()}`;
}

/**
 * An embedded model whose file is found (or downloaded) on first use, so
 * that building the app never touches the disk or the network for a model
 * that a command may not need.
 */
class DeferredEmbeddedChatModel implements ChatModel {
  private loading: Promise<ChatModel> | undefined;
  constructor(
    readonly id: string,
    private readonly load: () => Promise<ChatModel>,
    readonly parallelAnswers: number,
  ) {}
  private model(): Promise<ChatModel> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }
  async generateStructured(request: StructuredRequest): Promise<StructuredAnswer> {
    // Finding (or downloading) the file counts against the request's deadline too.
    return (await untilAborted(this.model(), request.signal)).generateStructured(request);
  }
  async chatWithTools(request: ToolChatRequest): Promise<ToolChatTurn> {
    return (await untilAborted(this.model(), request.signal)).chatWithTools(request);
  }
  async ping(signal?: AbortSignal): Promise<void> {
    return (await untilAborted(this.model(), signal)).ping(signal);
  }
  async dispose(): Promise<void> {
    const model = await this.loading?.catch(() => undefined);
    await model?.dispose?.();
  }
}

/**
 * Builds the chat model for the provider, importing only that provider's
 * module (LangChain and node-llama-cpp are heavy; `smm --help` loads none).
 */
export async function createChatModel(options: ChatModelOptions): Promise<ChatModel> {
  switch (options.provider) {
    case 'scripted': {
      const { ScriptedChatModel } = await import('./scripted-chat-model.js');
      const { sampleFromSchema } = await import('./schema-sample.js');
      return new ScriptedChatModel(
        options.script ?? {
          id: 'scripted:schema-sample',
          replies: [(request) => ({ value: sampleFromSchema(request.jsonSchema) })],
          whenExhausted: 'repeat-last',
          turns: () => ({ text: 'This is the scripted test model (SMM_LLM=scripted): it has no words of its own. Set SMM_LLM to embedded, ollama or openai for a real assistant.' }),
        },
      );
    }
    case 'ollama': {
      const { OllamaChatModel } = await import('./ollama-chat-model.js');
      return new OllamaChatModel({ model: options.model ?? 'llama3.2', baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    }
    case 'openai': {
      if (options.baseUrl && !options.model) {
        throw new ConfigInvalidError('An OpenAI-compatible server needs a model name.', 'Set SMM_MODEL to a model the server serves (see its /v1/models).');
      }
      const { OpenAiChatModel } = await import('./openai-chat-model.js');
      return new OpenAiChatModel({ model: options.model ?? 'gpt-4o-mini', baseUrl: options.baseUrl, apiKey: options.apiKey, timeoutMs: options.timeoutMs });
    }
    case 'embedded': {
      const { DEFAULT_MODEL } = await import('./model-files.js');
      const uri = options.model ?? DEFAULT_MODEL.uri;
      const { embeddedModelId, DEFAULT_SEQUENCES } = await import('./embedded-chat-model.js');
      const id = options.modelPath ? embeddedModelId(options.modelPath) : embeddedIdForUri(uri);
      return new DeferredEmbeddedChatModel(id, async () => {
        const { ensureModel } = await import('./model-files.js');
        const { EmbeddedChatModel } = await import('./embedded-chat-model.js');
        const file = await ensureModel({
          path: options.modelPath,
          uri,
          cacheDir: options.cacheDir,
          download: options.download ?? false,
          onProgress: options.onDownloadProgress,
        });
        return new EmbeddedChatModel({
          modelPath: file.path,
          timeoutMs: options.timeoutMs,
          threads: options.threads,
          contextSize: options.contextSize,
          sequences: options.sequences,
        });
      }, options.sequences ?? DEFAULT_SEQUENCES);
    }
  }
}
