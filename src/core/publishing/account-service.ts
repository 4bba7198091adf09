import { InvalidInputError, NotFoundError } from '../errors.js';
import type { ProfileService, Scope } from '../profiles/profile-service.js';
import type { Profile } from '../profiles/profile-schema.js';
import { AccountSettingsSchema, isPublishingPlatform, PUBLISHING_PLATFORMS, type Account, type AccountSettings, type PublishingPlatform, type StoredAccount } from './account-schema.js';
import type { AccountRepository, PlatformPublisher, SecretBox } from './publishing-ports.js';

export interface AddAccountRequest {
  profile: string;
  platform: string;
  /** Bluesky: the handle (or DID) to log in with. Mastodon: optional, learnt from the server. */
  handle?: string;
  /** Bluesky: the PDS (default the main Bluesky service). Mastodon: the instance URL (required). */
  service?: string;
  /** App password (Bluesky) or access token (Mastodon). Never logged, never returned. */
  secret: string;
  settings?: AccountSettings;
}

export const DEFAULT_BLUESKY_SERVICE = 'https://bsky.social';

/** Strips a trailing slash and refuses what is not an http(s) URL. */
function serviceUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `https://${value}`);
  } catch {
    throw new InvalidInputError(`${flag} "${value}" is not a URL.`, { hint: `Give the server's address, e.g. ${flag} https://mastodon.social.` });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidInputError(`${flag} must be an http(s) URL, got "${value}".`);
  return url.origin;
}

function contextOf(account: { platform: string; service: string; handle: string; profileId: number }): string {
  return `${account.profileId}|${account.platform}|${account.service}|${account.handle}`;
}

/** A profile's accounts on the platforms it publishes to; their credentials are sealed at rest. */
export class AccountService {
  constructor(
    private readonly deps: {
      accounts: AccountRepository;
      profiles: ProfileService;
      secrets: () => SecretBox;
      publisher(platform: PublishingPlatform): Promise<PlatformPublisher>;
    },
  ) {}

  /** Logs in once to prove the credential works, then stores the account with the credential sealed. */
  async add(scope: Scope, request: AddAccountRequest): Promise<Account> {
    const profile = await this.deps.profiles.get(scope, request.profile);
    const platform = request.platform.trim().toLowerCase();
    if (!isPublishingPlatform(platform)) {
      throw new InvalidInputError(`smm publishes to ${PUBLISHING_PLATFORMS.join(' and ')} only, not "${request.platform}".`, {
        hint: 'For X, LinkedIn, Instagram, Threads and Facebook, `smm publish ID` gives the text ready to paste (and X\'s share link).',
      });
    }
    const secret = request.secret.trim();
    if (secret === '') throw new InvalidInputError(platform === 'bluesky' ? 'The app password is empty.' : 'The access token is empty.');
    let service: string;
    let handle: string;
    if (platform === 'bluesky') {
      if (!request.handle?.trim()) throw new InvalidInputError('--handle is required for Bluesky, e.g. --handle jane.bsky.social.');
      handle = request.handle.trim().replace(/^@/, '').toLowerCase();
      service = serviceUrl(request.service ?? DEFAULT_BLUESKY_SERVICE, '--service');
    } else {
      if (!request.service?.trim()) throw new InvalidInputError('--instance is required for Mastodon, e.g. --instance https://mastodon.social.');
      service = serviceUrl(request.service, '--instance');
      handle = request.handle?.trim().replace(/^@/, '') ?? '';
    }
    const settings = AccountSettingsSchema.parse(request.settings ?? {});
    const publisher = await this.deps.publisher(platform);
    const session = await publisher.connect({ handle, service, settings }, secret);
    if (platform === 'mastodon') handle = session.identity;
    const context = contextOf({ profileId: profile.id, platform, service, handle });
    const stored = await this.deps.accounts.create({ profileId: profile.id, platform, handle, service, settings, sealedSecret: this.deps.secrets().seal(secret, context) });
    return publicAccount(stored);
  }

  async list(scope: Scope, profileHandle?: string): Promise<Account[]> {
    const profileId = profileHandle ? (await this.deps.profiles.get(scope, profileHandle)).id : undefined;
    const visible = new Set((await this.deps.profiles.list(scope, { includeArchived: true })).map((profile) => profile.id));
    return (await this.deps.accounts.list(scope.workspace, profileId)).filter((account) => visible.has(account.profileId)).map(publicAccount);
  }

  /** Logs in with the stored credential: proves both the key and the credential still work. */
  async test(scope: Scope, id: number): Promise<{ account: Account; identity: string }> {
    const account = await this.visible(scope, id);
    const publisher = await this.deps.publisher(account.platform);
    const session = await publisher.connect(account, this.secretOf(account));
    return { account: publicAccount(account), identity: session.identity };
  }

  async remove(scope: Scope, id: number): Promise<Account> {
    const account = await this.visible(scope, id);
    await this.deps.accounts.delete(id);
    return publicAccount(account);
  }

  /** The profiles a calendar lays out. */
  profileOf(scope: Scope, handle: string): Promise<Profile> {
    return this.deps.profiles.get(scope, handle);
  }

  profilesOf(scope: Scope): Promise<Profile[]> {
    return this.deps.profiles.list(scope);
  }

  /** For the publisher: the stored account, whatever the scope (the post's claim already proved its owner). */
  stored(id: number): Promise<StoredAccount | undefined> {
    return this.deps.accounts.get(id);
  }

  forProfile(profile: Profile, platform: PublishingPlatform): Promise<StoredAccount | undefined> {
    return this.deps.accounts.findFor(profile.id, platform);
  }

  secretOf(account: StoredAccount): string {
    return this.deps.secrets().open(account.sealedSecret, contextOf(account));
  }

  private async visible(scope: Scope, id: number): Promise<StoredAccount> {
    const account = await this.deps.accounts.get(id);
    const profile = account && (await this.deps.profiles.findById(scope, account.profileId));
    if (!account || !profile) throw new NotFoundError('account', String(id), 'List accounts with `smm account list`.');
    return account;
  }
}

/** The account as every front door shows it: never the sealed credential. */
export function publicAccount(account: StoredAccount): Account {
  const { sealedSecret: _sealed, ...rest } = account;
  return rest;
}
