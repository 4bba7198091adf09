import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Llama, LlamaModel } from 'node-llama-cpp';
import { ModelUnavailableError } from '../../core/errors.js';

/** What to do when no local model can be used; shared by every embedded-model error. */
export const LOCAL_MODEL_HINT =
  'Run `smm models pull` on a machine with internet, or point SMM_MODEL_PATH to a local .gguf, ' +
  'or use Ollama / an OpenAI-compatible server (SMM_LLM=ollama or SMM_LLM=openai).';

let llamaPromise: Promise<Llama> | undefined;
const models = new Map<string, Promise<LlamaModel>>();

/**
 * The process's llama.cpp runtime, loaded once. `build: 'never'`: when no
 * prebuilt binary fits this machine, fail instead of compiling llama.cpp
 * for minutes.
 */
export async function getLlamaRuntime(): Promise<Llama> {
  llamaPromise ??= (async () => {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    try {
      return await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
    } catch (error) {
      llamaPromise = undefined;
      throw new ModelUnavailableError(`The embedded llama.cpp runtime cannot start on this machine: ${(error as Error).message}`, {
        cause: error,
        hint: 'Use Ollama or an OpenAI-compatible server instead (SMM_LLM=ollama or SMM_LLM=openai).',
      });
    }
  })();
  return llamaPromise;
}

/** Loads a GGUF model once per path in this process; later calls share it. */
export async function loadLlamaModel(modelPath: string): Promise<{ llama: Llama; model: LlamaModel }> {
  const resolved = path.resolve(modelPath);
  const llama = await getLlamaRuntime();
  let loading = models.get(resolved);
  if (!loading) {
    loading = (async () => {
      try {
        await access(resolved);
      } catch (error) {
        throw new ModelUnavailableError(`No model file at ${resolved}.`, { cause: error, hint: LOCAL_MODEL_HINT, details: { modelPath: resolved } });
      }
      try {
        return await llama.loadModel({ modelPath: resolved });
      } catch (error) {
        throw new ModelUnavailableError(`The model file ${resolved} could not be loaded: ${(error as Error).message}`, {
          cause: error,
          hint: `Check that it is a complete GGUF file that fits in memory; otherwise ${LOCAL_MODEL_HINT.charAt(0).toLowerCase()}${LOCAL_MODEL_HINT.slice(1)}`,
          details: { modelPath: resolved },
        });
      }
    })();
    models.set(resolved, loading);
    loading.catch(() => models.delete(resolved));
  }
  return { llama, model: await loading };
}

/** Unloads every cached model and the runtime (end of process, tests). */
export async function disposeLlamaRuntime(): Promise<void> {
  const loaded = [...models.values()];
  models.clear();
  for (const loading of loaded) {
    const model = await loading.catch(() => undefined);
    await model?.dispose();
  }
  const llama = await llamaPromise?.catch(() => undefined);
  llamaPromise = undefined;
  await llama?.dispose();
}
