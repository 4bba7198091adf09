import type { VectorCollection } from '../../core/ports.js';

/** Short stable hash (FNV-1a, hex) that keeps two embedders apart after their names are slugged. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The collection of a workspace and embedder: `smm_w<id>_<embedder-slug>_<hash>`,
 * within Chroma's rules (3–512 characters of [a-zA-Z0-9._-], alphanumeric at both ends).
 */
export function chromaCollectionName(collection: Pick<VectorCollection, 'workspaceId' | 'embedderId'>): string {
  const slug = collection.embedderId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `smm_w${collection.workspaceId}_${slug || 'embedder'}_${shortHash(collection.embedderId)}`;
}
