import { DEFAULT_MODEL, ensureModel, KNOWN_MODELS, listModels } from '../../../adapters/llm/index.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../format-text.js';
import { createProgressBar } from '../progress-bar.js';

function gigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

export async function modelsList(context: CliContext): Promise<void> {
  const config = context.config;
  const cached = await listModels(config.cacheDir);
  const inUse =
    config.llm.provider === 'embedded'
      ? config.llm.modelPath
        ? `embedded: ${config.llm.modelPath} (SMM_MODEL_PATH)`
        : `embedded: ${config.llm.model ?? DEFAULT_MODEL.uri}`
      : `${config.llm.provider}: ${config.llm.model ?? '(provider default)'}${config.llm.baseUrl ? ` at ${config.llm.baseUrl}` : ''}`;
  const result = { inUse, embedder: config.embedder, cacheDir: config.cacheDir, known: KNOWN_MODELS, cached };
  context.print(result, () =>
    [
      `Chat model in use: ${inUse}`,
      `Embedder in use:   ${config.embedder}`,
      '',
      'Embedded models smm knows (pull with `smm models pull [uri]`):',
      table(
        ['NAME', 'URI', 'SIZE', 'LICENCE'],
        KNOWN_MODELS.map((model) => [model.name + (model === DEFAULT_MODEL ? ' (default)' : ''), model.uri, `~${gigabytes(model.approximateBytes)}`, model.licence]),
      ),
      '',
      cached.length === 0
        ? `No model in the cache (${config.cacheDir}/models) yet.`
        : table(
            ['CACHED FILE', 'SIZE', 'STATE'],
            cached.map((file) => [file.name, gigabytes(file.sizeBytes), file.partial ? 'partial: `smm models pull` resumes it' : 'ready']),
          ),
    ].join('\n'),
  );
}

export async function modelsPull(context: CliContext, uri: unknown): Promise<void> {
  const config = context.config;
  const target = typeof uri === 'string' && uri ? uri : (config.llm.model ?? DEFAULT_MODEL.uri);
  context.note(`Fetching ${target} into ${config.cacheDir}/models (Ctrl-C stops; running it again resumes)…`);
  const progress = await createProgressBar(context.stderr, !context.json && !context.options.quiet);
  let file;
  try {
    file = await ensureModel({ uri: target, cacheDir: config.cacheDir, download: true, onProgress: progress.listener, signal: context.signal });
  } finally {
    progress.stop();
  }
  context.print({ uri: target, path: file.path, downloaded: file.downloaded }, () =>
    file.downloaded ? `Downloaded ${target} to ${file.path}.` : `${target} is already in the cache: ${file.path}.`,
  );
}
