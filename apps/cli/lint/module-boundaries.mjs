// ESLint rules that keep the modules of libs/ apart: another module is reached only through its
// index.ts, by its bare alias (@casework, @stats…), and no chain of imports between modules comes
// back to where it started. libs/platform is the shared kernel: its sub-paths may be imported
// (@platform/database/…), and it imports no module.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../../..');
const LIBS = join(ROOT, 'libs');
const KERNEL = 'platform';

/** The module (libs/<name>) a file or resolved import path belongs to, or undefined outside libs. */
function moduleOf(path) {
  const rel = relative(LIBS, path);
  if (rel.startsWith('..') || rel === '') return undefined;
  return rel.split(sep)[0];
}

/** Where an import specifier written in `file` points, or undefined for a package. */
function resolveSpecifier(file, specifier) {
  if (specifier.startsWith('.')) return resolve(dirname(file), specifier);
  if (specifier.startsWith('@platform/')) return join(LIBS, KERNEL, specifier.slice('@platform/'.length));
  const alias = /^@([a-z-]+)$/.exec(specifier);
  if (alias && statSync(join(LIBS, alias[1]), { throwIfNoEntry: false })?.isDirectory()) return join(LIBS, alias[1]);
  return undefined;
}

function isModuleRoot(path, module) {
  const rel = relative(join(LIBS, module), path);
  return rel === '' || rel === 'index' || rel === 'index.ts';
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) yield path;
  }
}

let graph;
/** Module → the modules it imports, from every source file in libs/ (read once per lint run). */
function moduleGraph() {
  if (graph) return graph;
  graph = new Map();
  for (const file of sourceFiles(LIBS)) {
    const from = moduleOf(file);
    const edges = graph.get(from) ?? new Set();
    graph.set(from, edges);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolveSpecifier(file, specifier);
      const to = target && moduleOf(target);
      if (to && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** A path of modules from `start` back to `goal`, if there is one (breadth first, so the shortest). */
function pathBack(start, goal) {
  const g = moduleGraph();
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === goal) {
      const path = [];
      for (let at = current; at !== undefined; at = previous.get(at)) path.unshift(at);
      return path;
    }
    for (const next of g.get(current) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}

function importVisitors(context, check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node, node.source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
  };
}

const noDeepImport = {
  meta: {
    type: 'problem',
    docs: { description: 'another module is imported through its index.ts, by its bare alias' },
    messages: {
      deep: "'{{specifier}}' reaches inside module '{{module}}': import what it exports from '@{{module}}' (add it to libs/{{module}}/index.ts if it belongs to its public surface).",
      relative: "'{{specifier}}' is another module by a relative path: import it as '@{{module}}'.",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const own = moduleOf(file);
    return importVisitors(context, (node, specifier) => {
      const target = resolveSpecifier(file, specifier);
      const module = target && moduleOf(target);
      if (!module || module === own || module === KERNEL) return;
      if (!isModuleRoot(target, module)) context.report({ node: node.source, messageId: 'deep', data: { specifier, module } });
      else if (specifier.startsWith('.')) context.report({ node: node.source, messageId: 'relative', data: { specifier, module } });
    });
  },
};

const noModuleCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'no chain of imports between modules comes back to the importing module' },
    messages: { cycle: "importing '{{specifier}}' closes a cycle between modules: {{path}}." },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const own = moduleOf(file);
    if (!own) return {};
    return importVisitors(context, (node, specifier) => {
      const target = resolveSpecifier(file, specifier);
      const module = target && moduleOf(target);
      if (!module || module === own) return;
      const back = pathBack(module, own);
      if (back) context.report({ node: node.source, messageId: 'cycle', data: { specifier, path: [own, ...back].join(' → ') } });
    });
  },
};

export default { meta: { name: 'module-boundaries' }, rules: { 'no-deep-import': noDeepImport, 'no-module-cycle': noModuleCycle } };
