// The surface of src/core/platforms: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export { PLATFORMS, PlatformSchema, parsePlatform } from './platform-id.js';
export type { Platform } from './platform-id.js';
export type { RuleOverrides, Violation } from './rule-types.js';
