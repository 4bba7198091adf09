// The surface of src/core/publishing: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export type { Account, MastodonVisibility, NewAccount, PublishingPlatform, StoredAccount } from './account-schema.js';
export type { AccountService } from './account-service.js';
export type { Calendar } from './calendar.js';
export { PublishFailedError, SecretKeyError } from './publishing-errors.js';
export type { AccountRepository, ClaimRequest, PartResult, PlatformPublisher, Publication, PublicationRepository, PublishPlan, PublishRequest, PublisherSession, SecretBox } from './publishing-ports.js';
export type { PublishOutcome, PublishingOptions, PublishingService } from './publishing-service.js';

// Parts loaded on first use (each its own chunk in the CLI bundle), so that importing this index stays cheap.
export const loadAccountService = async () => { const { AccountService } = await import('./account-service.js'); return { AccountService }; };
export const loadPublishingService = async () => { const { PublishingService } = await import('./publishing-service.js'); return { PublishingService }; };
export const loadPublishScheduler = async () => { const { PublishScheduler } = await import('./publish-scheduler.js'); return { PublishScheduler }; };
