import { z } from 'zod';
import { PLATFORMS, PlatformSchema } from '../../core/platforms/index.js';
import { POST_STATUSES, type PostStatus } from '../../core/posts/index.js';
import { HandleSchema } from '../../core/profiles/index.js';

/** Building blocks of the operations' input schemas, with descriptions written for a language model. */

export const PLATFORM_NAMES = PLATFORMS.join(', ');
export const STATUS_NAMES = POST_STATUSES.join(', ');

export const HandleParam = HandleSchema.describe(
  'The profile handle, e.g. "acme". Call list_profiles to see the handles that exist.',
);

export const PostIdParam = z
  .number({ error: 'A post id is a whole number, e.g. 42.' })
  .int('A post id is a whole number, e.g. 42.')
  .positive('A post id is a positive whole number.')
  .max(Number.MAX_SAFE_INTEGER)
  .describe('The post id (a whole number), as returned by list_posts or generate_posts.');

export const PlatformParam = PlatformSchema.describe(`The social platform. One of: ${PLATFORM_NAMES}.`);

/** Statuses as one comma-separated string, so the same argument works in a query string and a JSON body. */
export const StatusListParam = z
  .string()
  .max(200)
  .refine(
    (value) => (splitStatuses(value) ?? []).every((item) => (POST_STATUSES as readonly string[]).includes(item)),
    `Use one or more of these statuses, separated by commas: ${STATUS_NAMES}.`,
  )
  .describe(`Only posts with these statuses, comma-separated, e.g. "draft,approved". Allowed values: ${STATUS_NAMES}.`);

export function splitStatuses(value: string | undefined): PostStatus[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  return items.length > 0 ? (items as PostStatus[]) : undefined;
}

export const IsoDateParam = z
  .string()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'Expected an ISO-8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T09:00:00Z.');

export const LimitParam = z
  .number({ error: 'limit is a whole number from 1 to 500.' })
  .int('limit is a whole number from 1 to 500.')
  .min(1, 'limit is at least 1.')
  .max(500, 'limit is at most 500.')
  .default(20)
  .describe('How many posts to return, 1 to 500 (default 20).');

/**
 * A patch schema: every field optional and without its default, nested
 * objects too, so parsing a patch yields only the fields the caller named
 * (a default would silently overwrite the stored value).
 */
export function patchSchemaOf(schema: z.ZodObject): z.ZodObject<Record<string, z.ZodOptional<z.ZodType>>> {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    let inner: z.ZodType = field as z.ZodType;
    // The description may sit on any wrapper (`.default('').describe(…)` puts it on the default).
    let description = inner.description;
    while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
      inner = inner.unwrap() as z.ZodType;
      description ??= inner.description;
    }
    const core = inner instanceof z.ZodObject ? patchSchemaOf(inner) : inner;
    shape[key] = (description ? core.describe(description) : core).optional();
  }
  return z.object(shape);
}
