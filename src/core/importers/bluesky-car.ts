import { InvalidInputError } from '../errors.js';
import { readCar } from './car-reader.js';
import { CborLink, cidKey, decodeCbor } from './cbor-decoder.js';
import type { ExportFile } from './export-source.js';
import { asArray, asObject, asString } from './import-helpers.js';
import { recordRef, type ImportItem } from './import-item.js';

const WANTED = new Set(['app.bsky.feed.post', 'app.bsky.feed.repost']);

/** A tree node starts with the map header and key "e" (DAG-CBOR sorts keys: "e" before "l"). */
function mayBeTreeNode(data: Uint8Array): boolean {
  return data[0] === 0xa2 && data[1] === 0x61 && data[2] === 0x65;
}

/** Repo paths ("app.bsky.feed.post/3k…") of the wanted records, by the record's CID, from the Merkle search tree. */
function walkTree(nodes: ReadonlyMap<string, unknown>, root: CborLink, file: string): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  const visit = (link: CborLink, depth: number): void => {
    const node = asObject(nodes.get(link.key));
    if (!node) throw missingBlock(file, 'a node of the record tree');
    if (depth > 64) throw new InvalidInputError(`${file}: the record tree is deeper than any repository's: the CAR file is damaged.`, { details: { file } });
    if (node['l'] instanceof CborLink) visit(node['l'], depth + 1);
    let previous = '';
    for (const entry of asArray(node['e']).map(asObject)) {
      const prefix = typeof entry?.['p'] === 'number' ? entry['p'] : 0;
      const suffix = entry?.['k'] instanceof Uint8Array ? new TextDecoder().decode(entry['k']) : '';
      const key = previous.slice(0, prefix) + suffix;
      previous = key;
      const value = entry?.['v'];
      if (value instanceof CborLink && WANTED.has(key.split('/')[0] ?? '')) {
        const list = paths.get(value.key) ?? [];
        list.push(key);
        paths.set(value.key, list);
      }
      if (entry?.['t'] instanceof CborLink) visit(entry['t'], depth + 1);
    }
  };
  visit(root, 0);
  return paths;
}

function missingBlock(file: string, what: string): InvalidInputError {
  return new InvalidInputError(`${file} lacks ${what}: it is not a whole repository export.`, {
    details: { file },
    hint: 'Export the repository again (Bluesky: Settings → Account → Export my data), or import posts as JSON.',
  });
}

/**
 * A Bluesky repository export (`repo.car`), in two streaming passes: the
 * first keeps only the commit and the record tree (small) to learn each
 * record's path, the second decodes the posts (and counts reposts) as they
 * stream by. Likes, follows and other records are not posts and are passed
 * over silently. `toItem` turns a `{ uri, value }` record into an item.
 */
export async function* importBlueskyCar(
  file: ExportFile,
  toItem: (file: string, element: { index: number; value: unknown }) => ImportItem,
): AsyncGenerator<ImportItem> {
  let root: CborLink | undefined;
  const nodes = new Map<string, unknown>();
  let commit: Record<string, unknown> | undefined;
  for await (const block of readCar(file.open(), file.name)) {
    if ('roots' in block) {
      root = block.roots[0];
      if (!root) throw missingBlock(file.name, 'a root (commit) CID');
      continue;
    }
    const key = cidKey(block.cid);
    if (key === root?.key) commit = asObject(decodeCbor(block.data, `${file.name}: the commit`));
    else if (mayBeTreeNode(block.data)) {
      const node = asObject(decodeCbor(block.data, `${file.name}: a tree node`));
      if (node && Array.isArray(node['e']) && 'l' in node) nodes.set(key, node);
    }
  }
  if (!commit) throw missingBlock(file.name, 'its commit block');
  const did = asString(commit['did']);
  const data = commit['data'];
  if (!did || !(data instanceof CborLink)) throw missingBlock(file.name, 'a commit with a DID and a record tree');
  const paths = walkTree(nodes, data, file.name);
  nodes.clear();

  let index = 0;
  for await (const block of readCar(file.open(), file.name)) {
    if ('roots' in block) continue;
    const found = paths.get(cidKey(block.cid));
    if (!found) continue;
    for (const path of found) {
      const uri = `at://${did}/${path}`;
      if (path.startsWith('app.bsky.feed.repost/')) {
        yield { kind: 'skip', ref: recordRef(file.name, { index: index++, id: uri }), reason: 'repost' };
        continue;
      }
      let value: unknown;
      try {
        value = decodeCbor(block.data, `${file.name}: ${uri}`);
      } catch (error) {
        yield { kind: 'error', ref: recordRef(file.name, { index: index++, id: uri }), message: (error as Error).message };
        continue;
      }
      yield toItem(file.name, { index: index++, value: { uri, value } });
    }
  }
}
