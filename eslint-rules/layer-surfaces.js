// ESLint rule smm/layer-surfaces: another layer is entered only through its surface.
//
// The layers are the folders under src/: core, adapters, app, entrypoints.
// From another layer a file may import a layer's top-level files
// (src/core/errors.ts, src/app/config.ts …) and a concept folder's index.ts
// (src/core/posts/index.ts …), never a file inside the folder. Files of the
// same layer import each other directly. The rule also keeps the direction
// entrypoints → app → adapters → core (entrypoints may use every layer; the
// core imports no other layer, which eslint.config.js says separately with
// the packages it may not use). Static imports, `export … from`, `import()`
// and `typeof import()` types are all checked. See docs/ARCHITECTURE.md.
import path from 'node:path';

const MAY_IMPORT = {
  core: [],
  adapters: ['core'],
  app: ['core', 'adapters'],
  entrypoints: ['app', 'core', 'adapters'],
};

/** src/<layer>/… of a path relative to the project root, or null outside the layers. */
function layerPath(relative) {
  const parts = relative.split(path.sep);
  if (parts[0] !== 'src' || !(parts[1] in MAY_IMPORT)) return null;
  return { layer: parts[1], parts };
}

export const layerSurfaces = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another layer only through its surface: a concept folder’s index.ts or a top-level file of the layer.' },
    schema: [],
    messages: {
      deep:
        "'{{spec}}' reaches inside src/{{folder}} from {{from}}: import '{{index}}' instead. " +
        'Export the name there if other layers may use it (a part that should load lazily gets a load…() function there).',
      direction: "{{from}} may not import {{to}}: the layers depend entrypoints → app → adapters → core.",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.physicalFilename ?? context.filename;
    const from = layerPath(path.relative(root, file));
    if (!from) return {};

    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = layerPath(path.relative(root, path.resolve(path.dirname(file), spec)));
      if (!target || target.layer === from.layer) return;
      if (!MAY_IMPORT[from.layer].includes(target.layer)) {
        context.report({ node, messageId: 'direction', data: { from: `src/${from.layer}`, to: `src/${target.layer}` } });
        return;
      }
      const inFolder = target.parts.length >= 4;
      const isIndex = target.parts.length === 4 && /^index\.(js|ts)$/.test(target.parts[3]);
      if (!inFolder || isIndex) return;
      const folder = target.parts.slice(1, 3).join('/');
      let index = path.relative(path.dirname(file), path.join(root, 'src', folder, 'index.js')).split(path.sep).join('/');
      if (!index.startsWith('.')) index = `./${index}`;
      context.report({ node, messageId: 'deep', data: { spec, folder, from: `src/${from.layer}`, index } });
    }
    const source = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: source,
      ExportNamedDeclaration: source,
      ExportAllDeclaration: source,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        // typescript-eslint 8 names the module `source` (older versions: `argument`, a literal type)
        const literal = node.source ?? node.argument?.literal;
        if (literal?.type === 'Literal') check(literal, literal.value);
      },
    };
  },
};
