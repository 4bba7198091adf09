import { InvalidInputError } from '../../../core/errors.js';
import type { Account } from '../../../core/publishing/index.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../format-text.js';
import { readSecret } from '../read-secret.js';
import { loadMastodonOauth } from '../../../adapters/publishing/index.js';

interface AddOptions {
  profile: string;
  platform: string;
  handle?: string;
  instance?: string;
  service?: string;
  visibility?: 'public' | 'unlisted' | 'private' | 'direct';
  oauth?: boolean;
}

function accountId(value: unknown): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new InvalidInputError(`"${String(value)}" is not an account id.`, { hint: 'List accounts with `smm account list`.' });
  return id;
}

function describe(account: Account): string {
  return `#${account.id} ${account.platform} ${account.handle} (${account.service}) for @${account.profileHandle}`;
}

/** `smm account add --profile P --platform bluesky --handle H` (app password from a prompt or stdin). */
export async function accountAdd(context: CliContext, options: AddOptions): Promise<void> {
  const platform = options.platform.trim().toLowerCase();
  const accounts = await (await context.app()).accounts();
  const secret = options.oauth ? await mastodonOob(context, platform, options.instance) : await readSecret(
    { stdin: context.stdin, stderr: context.stderr },
    platform === 'bluesky' ? `App password for ${options.handle ?? 'the account'} (not your main password): ` : `Access token for ${options.instance ?? 'the instance'}: `,
  );
  const account = await accounts.add(context.scope, {
    profile: options.profile,
    platform,
    handle: options.handle,
    service: platform === 'mastodon' ? options.instance : options.service,
    secret,
    settings: options.visibility ? { visibility: options.visibility } : {},
  });
  context.print(account, () => `Added ${describe(account)}. The credential is stored encrypted; \`smm account test ${account.id}\` checks it any time.`);
}

/** Mastodon's OAuth out-of-band flow: the person approves in a browser and pastes the code shown. */
async function mastodonOob(context: CliContext, platform: string, instance: string | undefined): Promise<string> {
  if (platform !== 'mastodon') throw new InvalidInputError('--oauth is for Mastodon; Bluesky uses an app password.');
  if (!instance) throw new InvalidInputError('--instance is required for Mastodon, e.g. --instance https://mastodon.social.');
  const { registerOobApp, exchangeOobCode } = await loadMastodonOauth();
  const app = await registerOobApp(new URL(instance.includes('://') ? instance : `https://${instance}`).origin);
  context.stderr.write(`Open this address, log in and allow smm; then paste the code the instance shows:\n\n  ${app.authorizeUrl}\n\n`);
  const code = await readSecret({ stdin: context.stdin, stderr: context.stderr }, 'Authorization code: ');
  return exchangeOobCode(app, code);
}

export async function accountList(context: CliContext, options: { profile?: string }): Promise<void> {
  const accounts = await (await context.app()).accounts();
  const list = await accounts.list(context.scope, options.profile);
  context.print(list, () =>
    list.length === 0
      ? 'No accounts. Add one with `smm account add --profile <handle> --platform bluesky --handle <you.bsky.social>`.'
      : table(
          ['ID', 'PROFILE', 'PLATFORM', 'ACCOUNT', 'SERVER', 'ADDED'],
          list.map((account) => [String(account.id), account.profileHandle, account.platform, account.handle, account.service, account.createdAt.slice(0, 10)]),
        ),
  );
}

/** `smm account test ID`: logs in with the stored credential. */
export async function accountTest(context: CliContext, id: unknown): Promise<void> {
  const accounts = await (await context.app()).accounts();
  const result = await accounts.test(context.scope, accountId(id));
  context.print({ ok: true, ...result }, () => `OK: ${describe(result.account)} logs in as ${result.identity}.`);
}

export async function accountRemove(context: CliContext, id: unknown): Promise<void> {
  const accounts = await (await context.app()).accounts();
  const account = await accounts.remove(context.scope, accountId(id));
  context.print(account, () => `Removed ${describe(account)} and its stored credential. Revoke the app password or token on the platform too.`);
}
