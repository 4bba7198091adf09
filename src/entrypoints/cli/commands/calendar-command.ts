import type { Calendar } from '../../../core/publishing/index.js';
import type { CliContext } from '../cli-context.js';
import { InvalidInputError } from '../../../core/errors.js';

interface CalendarOptions {
  profile?: string;
  week?: boolean;
  days?: string;
  tz?: string;
}

const MARK: Record<string, string> = { scheduled: '○', publishing: '…', published: '●', failed: '✗' };

function render(calendar: Calendar): string {
  const lines = [`Calendar ${calendar.from} to ${calendar.to} (${calendar.timeZone})  ○ scheduled  ● published  … publishing  ✗ failed`];
  for (const day of calendar.days) {
    lines.push('', `${day.weekday} ${day.date}`);
    for (const [profile, entries] of Object.entries(day.profiles)) {
      if (entries.length === 0) {
        lines.push(`  @${profile}: — nothing scheduled`);
        continue;
      }
      for (const entry of entries) {
        const excerpt = entry.text.replace(/\s+/g, ' ').slice(0, 60);
        const tail = entry.url ? `  ${entry.url}` : entry.error ? `  (${entry.error.slice(0, 120)})` : '';
        lines.push(`  @${profile}: ${entry.time} ${MARK[entry.status] ?? ' '} ${entry.platform} #${entry.postId} "${excerpt}${entry.text.length > 60 ? '…' : ''}"${tail}`);
      }
    }
  }
  return lines.join('\n');
}

/** `smm calendar [--week] [--profile P] [--tz ZONE]`: per day and profile, gaps visible. */
export async function calendarCommand(context: CliContext, options: CalendarOptions): Promise<void> {
  const days = options.days !== undefined ? Number(options.days) : options.week ? 7 : 14;
  if (!Number.isInteger(days) || days < 1) throw new InvalidInputError(`--days must be a positive whole number, got "${options.days}".`);
  const publishing = await (await context.app()).publishing();
  const calendar = await publishing.calendar(context.scope, { profile: options.profile, days, timeZone: options.tz });
  context.print(calendar, () => render(calendar));
}
