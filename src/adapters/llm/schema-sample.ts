/**
 * A small valid instance of a JSON schema: what the scripted model returns
 * when no script is given (SMM_LLM=scripted in end-to-end tests). Strings
 * respect maxLength, arrays minItems, enums their first value.
 */
export function sampleFromSchema(schema: unknown, label = 'value', index = 1): unknown {
  const node = (schema ?? {}) as Record<string, unknown>;
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = node[key];
    if (Array.isArray(options) && options.length > 0) return sampleFromSchema(options[0], label, index);
  }
  const type = Array.isArray(node.type) ? node.type.find((candidate) => candidate !== 'null') : node.type;
  switch (type) {
    case 'object': {
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, sampleFromSchema(child, name, index)]));
    }
    case 'array': {
      const count = typeof node.minItems === 'number' && node.minItems > 0 ? node.minItems : 1;
      return Array.from({ length: count }, (_, position) => sampleFromSchema(node.items, label, position + 1));
    }
    case 'string': {
      const text = `Scripted ${label} ${index}`;
      const max = typeof node.maxLength === 'number' ? node.maxLength : text.length;
      const min = typeof node.minLength === 'number' ? node.minLength : 0;
      return text.padEnd(min, '.').slice(0, Math.max(max, min));
    }
    case 'integer':
    case 'number':
      return typeof node.minimum === 'number' ? node.minimum : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return node.properties ? sampleFromSchema({ ...node, type: 'object' }, label, index) : null;
  }
}
