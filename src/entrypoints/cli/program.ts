import { Command, Option } from 'commander';
import type { CliIo } from './cli-io.js';
import { wholeNumber } from './option-parsers.js';
import { lazyAction as wrapAction } from './run-action.js';

const PLATFORM_LIST = 'x, linkedin, instagram, threads, bluesky, mastodon, facebook';
const FORMATS = ['auto', 'x', 'linkedin', 'mastodon', 'bluesky', 'threads', 'instagram', 'facebook', 'csv', 'json', 'ndjson'];

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

function profileFieldOptions(command: Command): Command {
  return command
    .option('--name <text>', 'display name, e.g. "Acme Coffee"')
    .option('--description <text>', 'who is speaking')
    .option('--audience <text>', 'who they speak to')
    .option('--platforms <list>', `comma-separated: ${PLATFORM_LIST}`)
    .option('--language <tag>', 'main language, e.g. en, fr, zh-Hant')
    .option('--tone <text>', 'voice guide: how it sounds')
    .option('--do <rule...>', 'voice guide: things the voice does (repeatable)')
    .option('--dont <rule...>', "voice guide: things the voice never does (repeatable)")
    .addOption(new Option('--emoji <policy>', 'emoji policy').choices(['none', 'sparing', 'free']))
    .addOption(new Option('--hashtags <policy>', 'hashtag policy').choices(['none', 'platform-norm', 'free']))
    .option('--banned <words>', 'comma-separated banned words or phrases')
    .option('--sign-off <text>', 'sign-off the voice ends posts with')
    .option('--from-json <file>', 'read the profile fields from a JSON file (same shape as `profile show --json`)');
}

function postFieldOptions(command: Command): Command {
  return command
    .option('--text <text>', 'the post text (or use --file)')
    .option('--file <path>', 'read the post text from a file ("-" for stdin)')
    .option('--status <status>', 'idea, draft, approved, scheduled, published or archived')
    .option('--scheduled-at <iso>', 'when to publish, ISO-8601 (e.g. 2026-12-01T09:00:00Z)')
    .option('--published-at <iso>', 'when it was published, ISO-8601')
    .option('--tags <list>', 'comma-separated tags')
    .option('--external-id <id>', "the post's id on its platform")
    .option('--url <url>', "the post's address on its platform")
    .option('--likes <n>', 'engagement: likes', wholeNumber(0))
    .option('--reposts <n>', 'engagement: reposts / retweets / boosts', wholeNumber(0))
    .option('--replies <n>', 'engagement: replies', wholeNumber(0))
    .option('--impressions <n>', 'engagement: impressions', wholeNumber(0))
    .option('--part <text>', 'one post of a thread, in order (repeat --part for each; the text becomes the parts joined)', (value: string, previous: string[] = []) => [...previous, value]);
}

/** The whole `smm` command tree. Handlers load lazily so `smm --help` stays fast. */
export function buildProgram(version: string, io: CliIo): Command {
  const lazyAction = (load: Parameters<typeof wrapAction>[1]) => wrapAction(io, load);
  // Set before any subcommand is added: subcommands inherit these settings.
  const program = new Command('smm')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .description('Social Media Manager Assistant: keep several voices consistent across X, LinkedIn, Instagram, Threads, Bluesky, Mastodon and Facebook.')
    .version(version)
    .option('--json', 'machine-readable output on stdout')
    .option('--data-dir <dir>', 'where data lives (default: $SMM_HOME or your user data folder)')
    .option('--workspace <name>', 'workspace (default: $SMM_WORKSPACE or "default")')
    .option('-q, --quiet', 'no progress or notes on stderr')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      examples([
        'smm profile add acme --name "Acme Coffee" --platforms x,linkedin --tone "warm, nerdy about beans"',
        'smm import ~/Downloads/twitter-2026.zip --profile acme',
        'smm post list --profile acme --search "cold brew"',
        'smm generate --profile acme --platform x --topic "our new Ethiopian roast"',
      ]) + '\nEnvironment: SMM_HOME, SMM_DATABASE_URL (postgres://… for a team), SMM_WORKSPACE, SMM_LLM, CHROMA_URL. See USAGE.md.\n',
    );

  const profile = program.command('profile').description('manage profiles (the voices you write for)');
  profileFieldOptions(profile.command('add <handle>').description('create a profile'))
    .addHelpText('after', examples(['smm profile add jane --name "Jane Doe" --platforms x,bluesky --emoji none --banned "synergy,leverage"']))
    .action(lazyAction(async () => (await import('./commands/profile-commands.js')).profileAdd));
  profile
    .command('list')
    .description('list profiles of the workspace')
    .option('--all', 'include archived profiles')
    .addHelpText('after', examples(['smm profile list', 'smm profile list --json']))
    .action(lazyAction(async () => (await import('./commands/profile-commands.js')).profileList));
  profile
    .command('show <handle>')
    .description('show a profile and its voice guide')
    .addHelpText('after', examples(['smm profile show acme --json']))
    .action(lazyAction(async () => (await import('./commands/profile-commands.js')).profileShow));
  profileFieldOptions(profile.command('edit <handle>').description('change a profile'))
    .option('--handle <new>', 'rename the handle')
    .option('--archive', 'archive the profile (hidden from lists, kept)')
    .option('--unarchive', 'bring an archived profile back')
    .addHelpText('after', examples(['smm profile edit acme --tone "calm, precise" --platforms x,linkedin,threads']))
    .action(lazyAction(async () => (await import('./commands/profile-commands.js')).profileEdit));
  profile
    .command('rm <handle>')
    .description('delete a profile with all its posts')
    .option('--yes', 'confirm the deletion')
    .addHelpText('after', examples(['smm profile rm old-client --yes']))
    .action(lazyAction(async () => (await import('./commands/profile-commands.js')).profileRemove));

  const post = program.command('post').description('manage posts (history, ideas, drafts, scheduled)');
  postFieldOptions(post.command('add').description('write a post for a profile'))
    .requiredOption('--profile <handle>', 'profile handle')
    .requiredOption('--platform <platform>', PLATFORM_LIST)
    .option('--force', 'save it as approved or scheduled even though it breaks its platform rules')
    .addHelpText('after', examples(['smm post add --profile acme --platform x --text "Cold brew season is open." --status idea']))
    .action(lazyAction(async () => (await import('./commands/post-commands.js')).postAdd));
  post
    .command('list')
    .description('list posts, newest first')
    .option('--profile <handle>', 'only this profile')
    .option('--platform <platform>', PLATFORM_LIST)
    .option('--status <list>', 'comma-separated statuses')
    .option('--from <date>', 'on or after this date (ISO-8601)')
    .option('--to <date>', 'on or before this date (ISO-8601)')
    .option('--search <query>', 'full-text search: words, "a phrase", -exclude')
    .option('--limit <n>', 'posts per page (1-500)', wholeNumber(1, 500), 20)
    .option('--cursor <cursor>', 'the next page, as printed by the previous one')
    .addHelpText('after', examples(['smm post list --profile acme --status draft,approved', 'smm post list --search "\\"cold brew\\" -iced" --limit 50']))
    .action(lazyAction(async () => (await import('./commands/post-commands.js')).postList));
  post
    .command('show <id>')
    .description('show one post')
    .addHelpText('after', examples(['smm post show 42', 'smm post show 42 --json']))
    .action(lazyAction(async () => (await import('./commands/post-commands.js')).postShow));
  postFieldOptions(post.command('edit <id>').description('change a post (status changes follow the lifecycle)'))
    .option('--platform <platform>', PLATFORM_LIST)
    .option('--force', 'approve or schedule it even though it breaks its platform rules')
    .addHelpText('after', examples(['smm post edit 42 --status approved', 'smm post edit 42 --status scheduled --scheduled-at 2030-12-01T09:00:00Z', 'smm post edit 42 --part "First post 1/2" --part "Second post 2/2"']))
    .action(lazyAction(async () => (await import('./commands/post-commands.js')).postEdit));
  post
    .command('approve <ids...>')
    .description('approve drafts; each is checked against its platform rules and refused with the violations unless --force')
    .option('--force', 'approve even a post that breaks its platform rules')
    .addHelpText('after', examples(['smm post approve 42', 'smm post approve 42 43 44', 'smm post approve 42 --force']))
    .action(lazyAction(async () => (await import('./commands/post-advance-commands.js')).postApprove));
  post
    .command('schedule <ids...>')
    .description('schedule posts (drafts are approved on the way), checked against their platform rules like approve')
    .requiredOption('--at <time>', 'when: "2026-12-01 09:00" (local, in --tz or this machine\'s zone) or ISO-8601 with an offset')
    .option('--tz <zone>', 'IANA time zone of a local --at, e.g. Europe/Berlin (default: this machine\'s zone)')
    .option('--force', 'schedule even a post that breaks its platform rules')
    .addHelpText('after', examples(['smm post schedule 42 --at "2026-12-01 09:00" --tz Europe/Berlin', 'smm post schedule 42 43 --at 2026-12-01T09:00:00Z']))
    .action(lazyAction(async () => (await import('./commands/post-advance-commands.js')).postSchedule));
  post
    .command('rm <id>')
    .description('delete a post')
    .addHelpText('after', examples(['smm post rm 42']))
    .action(lazyAction(async () => (await import('./commands/post-commands.js')).postRemove));

  program
    .command('import <path>')
    .description("import past posts from a platform's own data export (a .zip, a folder or a file)")
    .requiredOption('--profile <handle>', 'profile to import into')
    .addOption(new Option('--format <format>', 'export format').choices(FORMATS).default('auto'))
    .option('--platform <platform>', 'platform for csv/json/ndjson rows without one')
    .addHelpText('after', examples(['smm import twitter-archive.zip --profile acme', 'smm import Shares.csv --profile acme --format linkedin --json', 'smm import posts.ndjson --profile acme --platform threads']))
    .action(lazyAction(async () => (await import('./commands/import-command.js')).importCommand));
  program
    .command('export')
    .description('export every post of a profile (re-importable with `smm import`)')
    .requiredOption('--profile <handle>', 'profile to export')
    .addOption(new Option('--format <format>', 'file format').choices(['json', 'csv', 'ndjson']).default('ndjson'))
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText('after', examples(['smm export --profile acme --format csv --out acme.csv']))
    .action(lazyAction(async () => (await import('./commands/export-command.js')).exportCommand));
  program
    .command('backup <file>')
    .description('write a consistent copy of the database while it is in use')
    .addHelpText('after', examples(['smm backup ~/backups/smm-$(date +%F).sqlite']))
    .action(lazyAction(async () => (await import('./commands/backup-command.js')).backupCommand));

  program
    .command('generate')
    .description("write N post variants on a topic in a profile's voice, checked against the platform, saved as drafts")
    .requiredOption('--profile <handle>', 'profile whose voice to write in')
    .requiredOption('--platform <platform>', PLATFORM_LIST)
    .option('--topic <brief>', 'what the post is about')
    .option('-n <count>', 'number of variants (1-10)', wholeNumber(1, 10), 3)
    .option('--source-file <file>', 'repurpose the text of this file (an article, notes, a transcript)')
    .option('--source-url-text <text>', 'repurpose this text (e.g. the text of a page you copied)')
    .option('--thread', 'on X, Bluesky, Threads and Mastodon: split a long text into a numbered thread')
    .addHelpText(
      'after',
      examples([
        'smm generate --profile acme --platform x --topic "our new Ethiopian roast"',
        'smm generate --profile acme --platform linkedin --topic "hiring a roaster" -n 2 --json',
        'smm generate --profile acme --platform bluesky --source-file blog-post.md --thread',
      ]) + '\nThe model comes from SMM_LLM (embedded by default; see `smm models list`).\n',
    )
    .action(lazyAction(async () => (await import('./commands/generate-commands.js')).generateCommand));
  program
    .command('rewrite <postId>')
    .description('rewrite a post in the same voice: for another platform, shorter, longer, or as instructed (new drafts)')
    .option('--to <platform>', `repurpose for this platform: ${PLATFORM_LIST}`)
    .option('--shorter', 'make it shorter')
    .option('--longer', 'make it longer')
    .option('--instruction <text>', 'what to change, in words')
    .option('-n <count>', 'number of variants (1-10)', wholeNumber(1, 10))
    .addHelpText('after', examples(['smm rewrite 42 --to linkedin', 'smm rewrite 42 --shorter', 'smm rewrite 42 --instruction "end with a question"']))
    .action(lazyAction(async () => (await import('./commands/generate-commands.js')).rewriteCommand));

  const voice = program.command('voice').description("a profile's voice: derived fingerprint and scoring");
  voice
    .command('show <handle>')
    .description("the profile's fingerprint (derived from its posts) next to its written voice guide")
    .addHelpText('after', examples(['smm voice show acme', 'smm voice show acme --json']))
    .action(lazyAction(async () => (await import('./commands/voice-commands.js')).voiceShow));
  voice
    .command('score <handle>')
    .description('how much a text sounds like the profile, 0-100, with notes')
    .option('--text <text>', 'the text to score')
    .option('--file <file>', 'read the text from a file')
    .addHelpText('after', examples(['smm voice score acme --text "Cold brew is back. 18 hours, no shortcuts."']))
    .action(lazyAction(async () => (await import('./commands/voice-commands.js')).voiceScore));
  const guidance = voice.command('guidance').description("what your edits of generated drafts taught: list, remove, restore");
  guidance
    .command('list <handle>')
    .description('the guidance learnt from your edits, with evidence and ids')
    .addHelpText('after', examples(['smm voice guidance list acme', 'smm voice guidance list acme --json']))
    .action(lazyAction(async () => (await import('./commands/voice-guidance-commands.js')).guidanceList));
  guidance
    .command('rm <handle> <id>')
    .description('stop using one learnt item in prompts and ranking (it stays removed)')
    .addHelpText('after', examples(['smm voice guidance rm acme removes-emoji', 'smm voice guidance rm acme phrase-excited-to-announce']))
    .action(lazyAction(async () => (await import('./commands/voice-guidance-commands.js')).guidanceRemove));
  guidance
    .command('restore <handle> <id>')
    .description('use a removed item again')
    .addHelpText('after', examples(['smm voice guidance restore acme removes-emoji']))
    .action(lazyAction(async () => (await import('./commands/voice-guidance-commands.js')).guidanceRestore));

  program
    .command('reindex')
    .description('rebuild the vector index of past posts from the database (after changing the embedder, or to repair)')
    .option('--profile <handle>', 'only this profile')
    .addHelpText('after', examples(['smm reindex', 'smm reindex --profile acme']))
    .action(lazyAction(async () => (await import('./commands/reindex-command.js')).reindexCommand));
  program
    .command('doctor')
    .description('check the database, the vector index, the chat model and the embedder, and say what to fix')
    .addHelpText('after', examples(['smm doctor', 'smm doctor --json']))
    .action(lazyAction(async () => (await import('./commands/doctor-command.js')).doctorCommand));
  const models = program.command('models').description('the embedded language model (llama.cpp)');
  models
    .command('list')
    .description('show the default model, the models in the cache, and the model in use')
    .addHelpText('after', examples(['smm models list', 'SMM_LLM=ollama SMM_MODEL=llama3.2 smm models list']))
    .action(lazyAction(async () => (await import('./commands/models-commands.js')).modelsList));
  models
    .command('pull [uri]')
    .description('download the embedded model (or the one named) into the cache, with progress; resumable, Ctrl-C to stop')
    .addHelpText('after', examples(['smm models pull']))
    .action(lazyAction(async () => (await import('./commands/models-commands.js')).modelsPull));

  program
    .command('serve')
    .description('start the HTTP server: REST API + OpenAPI (Open WebUI tool server), OpenAI-compatible /v1, MCP at /mcp')
    .option('--host <host>', 'address to listen on (default 127.0.0.1; beyond loopback needs an API key first)')
    .option('--port <port>', 'port to listen on (default 8787)', wholeNumber(0, 65535))
    .option('--no-scheduler', 'do not publish scheduled posts from this server (default: publish them at their time)')
    .addHelpText(
      'after',
      examples(['smm keys create --name open-webui', 'smm serve --port 8787', 'SMM_CORS_ORIGINS=http://localhost:3000 smm serve --host 0.0.0.0']) +
        '\nOpen WebUI: add http://<host>:<port> as a tool server, http://<host>:<port>/mcp as an MCP server, or http://<host>:<port>/v1 as an OpenAI connection (USAGE.md).\n',
    )
    .action(lazyAction(async () => (await import('./commands/serve-command.js')).serveCommand));
  program
    .command('mcp')
    .description('serve the same tools over MCP on stdio, for desktop MCP clients')
    .addHelpText('after', examples(['smm mcp', 'smm --workspace client-a mcp']))
    .action(lazyAction(async () => (await import('./commands/mcp-command.js')).mcpCommand));
  const keys = program.command('keys').description('API keys for the server (Bearer tokens, one workspace each)');
  keys
    .command('create')
    .description('create an API key for the workspace (printed once; stored hashed)')
    .requiredOption('--name <name>', 'a label, e.g. open-webui')
    .addHelpText('after', examples(['smm keys create --name open-webui', 'smm --workspace client-a keys create --name client-a-webui']))
    .action(lazyAction(async () => (await import('./commands/keys-command.js')).keysCreate));
  keys
    .command('list')
    .description('list API keys (never the secrets)')
    .addHelpText('after', examples(['smm keys list', 'smm --workspace client-a keys list --json']))
    .action(lazyAction(async () => (await import('./commands/keys-command.js')).keysList));
  keys
    .command('revoke <idOrName>')
    .description('revoke an API key: requests with it get 401 from then on')
    .addHelpText('after', examples(['smm keys revoke open-webui', 'smm keys revoke 3']))
    .action(lazyAction(async () => (await import('./commands/keys-command.js')).keysRevoke));

  program
    .command('demo')
    .description('set up a sample profile from a bundled export and show what smm does')
    .addHelpText('after', examples(['smm demo', 'smm --data-dir /tmp/smm-try demo']))
    .action(lazyAction(async () => (await import('./commands/demo-command.js')).demoCommand));

  const account = program.command('account').description('Bluesky and Mastodon accounts a profile publishes to (credentials encrypted at rest)');
  account
    .command('add')
    .description('add an account; the app password or token is read from a prompt or stdin, never from the command line')
    .requiredOption('--profile <handle>', 'the profile that publishes with it')
    .addOption(new Option('--platform <platform>', 'the platform').choices(['bluesky', 'mastodon']).makeOptionMandatory())
    .option('--handle <handle>', 'Bluesky: the handle, e.g. jane.bsky.social')
    .option('--service <url>', 'Bluesky: the PDS (default https://bsky.social)')
    .option('--instance <url>', 'Mastodon: the instance, e.g. https://mastodon.social')
    .addOption(new Option('--visibility <visibility>', 'Mastodon: who sees the statuses (default public)').choices(['public', 'unlisted', 'private', 'direct']))
    .option('--oauth', 'Mastodon: log in through the browser (OAuth out-of-band) instead of pasting a token')
    .addHelpText(
      'after',
      examples([
        'smm account add --profile acme --platform bluesky --handle acme.bsky.social',
        'printf %s "$BSKY_APP_PASSWORD" | smm account add --profile acme --platform bluesky --handle acme.bsky.social',
        'printf %s "$MASTODON_TOKEN" | smm account add --profile acme --platform mastodon --instance https://mastodon.social',
        'smm account add --profile acme --platform mastodon --instance https://mastodon.social --oauth',
      ]),
    )
    .action(lazyAction(async () => (await import('./commands/account-commands.js')).accountAdd));
  account
    .command('list')
    .description('list accounts (never their credentials)')
    .option('--profile <handle>', 'only this profile')
    .addHelpText('after', examples(['smm account list', 'smm account list --profile acme --json']))
    .action(lazyAction(async () => (await import('./commands/account-commands.js')).accountList));
  account
    .command('test <id>')
    .description('log in with the stored credential')
    .addHelpText('after', examples(['smm account test 1']))
    .action(lazyAction(async () => (await import('./commands/account-commands.js')).accountTest));
  account
    .command('rm <id>')
    .description('remove an account and its stored credential')
    .addHelpText('after', examples(['smm account rm 1']))
    .action(lazyAction(async () => (await import('./commands/account-commands.js')).accountRemove));

  program
    .command('publish [ids...]')
    .description('publish approved or scheduled posts now, or (--due) every scheduled post whose time has come; X, LinkedIn, Instagram, Threads and Facebook get the text to paste')
    .option('--due', 'publish what is due (for cron); first finishes posts a crashed run left in "publishing"')
    .option('--limit <n>', 'with --due: at most this many posts (default 50)')
    .addHelpText('after', examples(['smm publish 42', 'smm publish --due', '* * * * * smm publish --due --quiet   # crontab: every minute']))
    .action(lazyAction(async () => (await import('./commands/publish-command.js')).publishCommand));

  program
    .command('calendar')
    .description('what is scheduled and published, per day and profile, with the gaps')
    .option('--profile <handle>', 'only this profile')
    .option('--week', 'the next 7 days (default 14)')
    .option('--days <n>', 'the next N days')
    .option('--tz <zone>', 'time zone, e.g. Europe/Berlin (default: this machine\'s)')
    .addHelpText('after', examples(['smm calendar --week', 'smm calendar --profile acme --days 30 --tz America/New_York']))
    .action(lazyAction(async () => (await import('./commands/calendar-command.js')).calendarCommand));

  return program;
}
