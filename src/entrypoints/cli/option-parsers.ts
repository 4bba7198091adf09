import { InvalidArgumentError } from 'commander';

/**
 * A commander option parser for a whole number in [min, max]. Out of range
 * is refused, never clamped: commander then reports "option '--limit <n>'
 * argument '0' is invalid. Expected a whole number from 1 to 500." (the flag
 * and its range), as a usage error in the project's error shape.
 */
export function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
  return (value) => {
    const trimmed = value.trim();
    const number = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) throw new InvalidArgumentError(`Expected ${range}.`);
    return number;
  };
}
