// The surface of src/core/profiles: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export { HandleSchema, ProfileInputSchema, ProfilePatchSchema, VoiceGuideSchema } from './profile-schema.js';
export type { Profile, ProfileFields, ProfilePatch } from './profile-schema.js';
export { ProfileService } from './profile-service.js';
export type { Scope } from './profile-service.js';
