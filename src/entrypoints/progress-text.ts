import type { ProgressEvent } from '../core/ports.js';

/**
 * A progress event in words, the same for every surface that shows one as a
 * line of text (MCP progress notifications, the assistant's status lines):
 * the event's own message, else its phase with its count ("checking: 1/2
 * variants", "indexing: 40 posts" when the total is not known), else the
 * phase alone.
 */
export function progressText(event: ProgressEvent): string {
  if (event.message) return event.message;
  if (event.done === undefined) return event.phase;
  const total = event.total === undefined ? '' : `/${event.total}`;
  return `${event.phase}: ${event.done}${total}${event.unit ? ` ${event.unit}` : ''}`;
}
