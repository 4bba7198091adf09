// The surface of src/core/voice: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export type { VoiceService } from './voice-service.js';

// Parts loaded on first use (each its own chunk in the CLI bundle), so that importing this index stays cheap.
export const loadVoiceService = async () => { const { VoiceService } = await import('./voice-service.js'); return { VoiceService }; };
