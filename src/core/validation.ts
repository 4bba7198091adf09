import type { z } from 'zod';
import { InvalidInputError } from './errors.js';

/** Parses input with a zod schema; a failure becomes an InvalidInputError listing each field's problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : what;
    return `${where}: ${issue.message.replace(/\.$/, '')}`;
  });
  throw new InvalidInputError(`Invalid ${what}: ${problems.join('; ')}.`, {
    details: { issues: result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })) },
    hint: 'Fix the fields named above and try again.',
  });
}
