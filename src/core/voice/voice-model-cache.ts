import { trainVoiceModel, type VoiceModel, type VoiceTrainingSet } from './voice-model.js';

/** What a workspace's model is trained from, with a signature that changes when any of it does. */
export interface WorkspaceTrainingInput {
  signature: string;
  set: VoiceTrainingSet;
}

export interface VoiceModelCacheOptions {
  /** Awaited between training steps so that requests run in between (see `VoiceModelOptions.pause`). */
  pause?: () => Promise<void>;
  /** Told about a failed background training; the previous model stays in use. */
  onError?: (workspace: string, error: unknown) => void;
}

interface State {
  model?: VoiceModel;
  signature?: string;
  training?: Promise<VoiceModel>;
  trainingSignature?: string;
  /** Identifies the latest training: an older one finishing late is not kept. */
  token?: object;
}

/**
 * The trained voice model of each workspace. A workspace without a model
 * trains one and waits for it (once per process); after that, a change
 * (import, approval, new profile) retrains in the background while the last
 * model keeps answering, and the new one replaces it when ready.
 */
export class VoiceModelCache {
  private readonly states = new Map<string, State>();

  constructor(private readonly options: VoiceModelCacheOptions = {}) {}

  /**
   * The model to score with now. `input` is only called when the model may
   * be out of date. `needs` is the class the caller scores against: when the
   * current model lacks it (a new profile), the caller waits for the retrain.
   */
  async model(workspace: string, signature: string, input: () => Promise<WorkspaceTrainingInput>, needs: string): Promise<VoiceModel | undefined> {
    const state = this.states.get(workspace) ?? {};
    this.states.set(workspace, state);
    if (state.model && state.signature === signature) return state.model;
    const training = state.training && state.trainingSignature === signature ? state.training : this.train(workspace, state, signature, input);
    if (state.model && state.model.classes.includes(needs)) {
      // Stale but usable: the retrain runs in the background.
      training.catch(() => undefined);
      return state.model;
    }
    try {
      return await training;
    } catch {
      return state.model;
    }
  }

  /** The training under way for a workspace, if any (for tests and benchmarks). */
  pending(workspace: string): Promise<VoiceModel> | undefined {
    return this.states.get(workspace)?.training;
  }

  private train(workspace: string, state: State, signature: string, input: () => Promise<WorkspaceTrainingInput>): Promise<VoiceModel> {
    const token = {};
    const training = (async () => {
      const { set, signature: trainedSignature } = await input();
      const model = await trainVoiceModel(set, { pause: this.options.pause, previous: state.model?.warm });
      // A newer training may have started meanwhile: only the latest one's result is kept.
      if (state.token === token) {
        state.model = model;
        state.signature = trainedSignature;
        state.training = undefined;
        state.trainingSignature = undefined;
      }
      return model;
    })();
    state.training = training;
    state.trainingSignature = signature;
    state.token = token;
    training.catch((error: unknown) => {
      if (state.token === token) {
        state.training = undefined;
        state.trainingSignature = undefined;
      }
      this.options.onError?.(workspace, error);
    });
    return training;
  }
}
