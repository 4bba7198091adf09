import type { CliContext } from '../cli-context.js';
import { table } from '../format-text.js';

interface CreateOptions {
  name: string;
  workspace?: string;
}

async function keyService(context: CliContext) {
  const app = await context.app();
  const { apiKeyServiceFor } = await import('../../../app/api-keys.js');
  return apiKeyServiceFor(app);
}

/** `smm keys create --name N [--workspace W]`: prints the key once. */
export async function keysCreate(context: CliContext, options: CreateOptions): Promise<void> {
  const keys = await keyService(context);
  const { key, info } = await keys.create({ name: options.name, workspace: options.workspace ?? context.scope.workspace });
  context.print({ key, ...info }, () =>
    [
      `Created API key #${info.id} "${info.name}" for workspace "${info.workspace}".`,
      'Copy it now: it is stored hashed and will not be shown again.',
      '',
      `  ${key}`,
      '',
      'Use it as `Authorization: Bearer <key>` (in Open WebUI: the connection\'s API key / Bearer field).',
    ].join('\n'),
  );
}

/** `smm keys list`: every key of the workspace (or all with --json), never the secret. */
export async function keysList(context: CliContext): Promise<void> {
  const keys = await keyService(context);
  const list = await keys.list(context.options.workspace ? context.scope.workspace : undefined);
  context.print(list, () =>
    list.length === 0
      ? 'No API keys. Create one with `smm keys create --name <name>`.'
      : table(
          ['ID', 'NAME', 'WORKSPACE', 'PREFIX', 'CREATED', 'LAST USED', 'STATUS'],
          list.map((key) => [
            String(key.id),
            key.name,
            key.workspace,
            `smm_${key.prefix}_…`,
            key.createdAt.slice(0, 16).replace('T', ' '),
            key.lastUsedAt ? key.lastUsedAt.slice(0, 16).replace('T', ' ') : '—',
            key.revokedAt ? `revoked ${key.revokedAt.slice(0, 10)}` : 'active',
          ]),
        ),
  );
}

/** `smm keys revoke <id|name>`: the key stops working at once. */
export async function keysRevoke(context: CliContext, idOrName: unknown): Promise<void> {
  const keys = await keyService(context);
  const info = await keys.revoke(String(idOrName), context.options.workspace ? context.scope.workspace : undefined);
  context.print(info, () => `Revoked API key #${info.id} "${info.name}" (workspace "${info.workspace}"). Requests with it now get 401.`);
}
