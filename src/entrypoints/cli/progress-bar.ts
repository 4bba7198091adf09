import type { ProgressEvent, ProgressListener } from '../../core/ports.js';
import type { CliIo } from './cli-io.js';

/**
 * A progress bar on stderr when it is a terminal (and not --json / --quiet);
 * silent otherwise, so pipes and scripts get clean output.
 */
export async function createProgressBar(
  stream: CliIo['stderr'],
  enabled: boolean,
): Promise<{ listener: ProgressListener; stop(): void }> {
  if (!enabled || !stream.isTTY) return { listener: () => undefined, stop: () => undefined };
  const { default: progress } = await import('cli-progress');
  const bar = new progress.SingleBar(
    {
      // isTTY is only true on a real terminal stream.
      stream: stream as NodeJS.WriteStream,
      format: ' {phase} |{bar}| {percentage}% {value}/{total} {unit} {message}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    progress.Presets.shades_classic,
  );
  let started = false;
  const listener = (event: ProgressEvent) => {
    const payload = { phase: event.phase, unit: event.unit ?? '', message: event.message ?? '' };
    const total = event.total ?? 0;
    if (!started) {
      bar.start(total, event.done ?? 0, payload);
      started = true;
    } else {
      if (total && total !== bar.getTotal()) bar.setTotal(total);
      bar.update(event.done ?? bar.getProgress() * bar.getTotal(), payload);
    }
  };
  return { listener, stop: () => started && bar.stop() };
}
