// The surface of src/adapters/publishing: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
// Parts loaded on first use (each its own chunk in the CLI bundle), so that importing this index stays cheap.
export const loadFileSecretBox = async () => { const { openSecretBox } = await import('./file-secret-box.js'); return { openSecretBox }; };
export const loadBlueskyPublisher = async () => { const { BlueskyPublisher } = await import('./bluesky-publisher.js'); return { BlueskyPublisher }; };
export const loadMastodonPublisher = async () => { const { MastodonPublisher } = await import('./mastodon-publisher.js'); return { MastodonPublisher }; };
export const loadMastodonOauth = async () => { const { registerOobApp, exchangeOobCode } = await import('./mastodon-oauth.js'); return { registerOobApp, exchangeOobCode }; };
