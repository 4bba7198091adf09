import { createHash } from 'node:crypto';
import type { HashText } from '../core/posts/index.js';

/** sha256 of UTF-8 text, hex: the content identity of posts without a platform id. */
export const sha256Hex: HashText = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
