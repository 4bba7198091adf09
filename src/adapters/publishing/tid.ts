const S32 = '234567abcdefghijklmnopqrstuvwxyz';

let lastMicros = 0;

/**
 * An AT Protocol record key of the TID form: 53 bits of microseconds since
 * the epoch and 10 bits of clock id, in sortable base32 (13 characters).
 * Strictly increasing within this process.
 */
export function nextTid(now: Date, clockId = Math.floor(Math.random() * 1024)): string {
  let micros = now.getTime() * 1000;
  if (micros <= lastMicros) micros = lastMicros + 1;
  lastMicros = micros;
  let value = (BigInt(micros) << 10n) | BigInt(clockId & 1023);
  let text = '';
  for (let index = 0; index < 13; index += 1) {
    text = S32[Number(value & 31n)]! + text;
    value >>= 5n;
  }
  return text;
}
