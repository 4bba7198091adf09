// The surface of src/core/posts: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export type { HashText } from './dedupe-key.js';
export { POST_STATUSES, PostInputSchema, PostPatchSchema, PostStatusSchema, TimestampSchema } from './post-schema.js';
export type { Post, PostFields, PostPatch, PostSource, PostStatus } from './post-schema.js';
export { PostService } from './post-service.js';
export type { AdvanceOutcome, AdvanceRequest, ListedPost, PostInspection, PostListRequest } from './post-service.js';
export { RenderedPosts } from './rendered-posts.js';
export { hasUsableText } from './usable-text.js';
