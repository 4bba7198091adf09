import type { CliContext } from '../cli-context.js';

export async function doctorCommand(context: CliContext): Promise<void> {
  const app = await context.app();
  context.note('Checking the database, the vector index, the chat model and the embedder…');
  const report = await app.doctor(context.scope);
  context.print(report, () =>
    report.checks
      .map((check) => {
        const mark = !check.ok ? '✗' : check.warning ? '!' : '✓';
        const fix = check.fix ? `\n    → ${check.fix}` : '';
        return `${mark} ${check.name}: ${check.detail}${fix}`;
      })
      .join('\n') + (report.ok ? '\n\nAll good.' : '\n\nSome checks failed: see the → lines.'),
  );
  // Documented in USAGE.md: doctor exits 1 when a check failed.
  if (!report.ok) context.setExitCode(1);
}
