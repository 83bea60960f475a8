// @ts-check
/**
 * ESLint (flat config): typescript-eslint's recommended rules, `any` forbidden, Prettier owning
 * the layout (eslint-config-prettier turns off every rule it would fight), and the module
 * boundaries of src/ (`appeals/module-boundaries`, below). `npm run lint` runs it with
 * `--max-warnings 0`, then `prettier --check`; see docs/testing.md "Lint and format".
 *
 * Not type-aware: the type-checked presets cost a full TypeScript program per run (see
 * docs/testing.md for the timings); `npm run typecheck` already runs the compiler.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));
const SRC = resolve(ROOT, 'src');

/**
 * The layers of src/, lowest first. A module is the first folder under src/ (or, for a file
 * directly in src/, its name without `.ts`/`.spec.ts`). A file may import its own module, any
 * module of its own layer and any module of a lower layer; never a module of a higher layer.
 * A module in no layer is an error too: a new folder is placed here before it is imported.
 *
 * A rule of its own, not `no-restricted-imports`: that rule matches the import string, and
 * `../auth/x.js` is src/auth from src/console/ but src/console/auth from src/console/admin/, so its
 * patterns would need a block per folder depth and still misfire. Nor eslint-plugin-boundaries or
 * import-x's `no-restricted-paths`: both resolve through a resolver plugin, which for this
 * project's `.js` suffixes on `.ts` files means eslint-import-resolver-typescript and its native
 * resolver besides. This one resolves each relative import against the importing file (src/ has
 * no path aliases: every import inside it is relative) and needs no package.
 */
const LAYERS = [
  { name: 'foundation', modules: ['common', 'config', 'i18n', 'database', 'queue', 'views', 'letters', 'logging'] },
  { name: 'infrastructure', modules: ['mail', 'metrics', 'security', 'audit', 'rate-limit', 'auth', 'users'] },
  { name: 'domain', modules: ['targets', 'campaigns', 'signatures', 'deliveries', 'notifications', 'bounces', 'privacy', 'replies', 'webhooks', 'moderation'] },
  { name: 'entry', modules: ['admin', 'console', 'health', 'maintenance', 'seed', 'cli', 'main', 'bootstrap', 'app.module'] },
];

/**
 * The one place allowed to reach every layer: the list of TypeORM entities, which must name
 * each `*.entity.ts` whatever module it sits in. Only entity files, nothing else of theirs.
 */
const EXCEPTIONS = [{ files: ['src/database/entities.ts', 'src/database/data-source-options.ts'], may: /\.entity\.[cm]?[jt]s$/ }];

const LAYER_OF = new Map(LAYERS.flatMap((layer, rank) => layer.modules.map((m) => [m, { ...layer, rank }])));

/**
 * The module of an absolute path inside src/, or null outside it.
 * @param {string} file
 */
function moduleOf(file) {
  const rel = relative(SRC, file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return null;
  const parts = rel.split(sep);
  if (parts.length > 1) return parts[0];
  return parts[0].replace(/\.[cm]?[jt]s$/, '').replace(/\.spec$/, '');
}

/** @type {import('eslint').Rule.RuleModule} */
const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'A module of src/ imports only its own layer and the layers below it (eslint.config.mjs LAYERS)' },
    schema: [],
    messages: {
      upward:
        '{{from}} ({{fromLayer}}) must not import {{to}} ({{toLayer}}): {{fromLayer}} may import only {{allowed}}. Move the code down, or invert the dependency.',
      unplaced: 'src/{{module}} is in no layer: add it to LAYERS in eslint.config.mjs.',
    },
  },
  create(context) {
    const file = context.filename;
    const from = moduleOf(file);
    if (!from) return {};
    const relFile = relative(ROOT, file).split(sep).join('/');
    const exceptions = EXCEPTIONS.filter((e) => e.files.includes(relFile));
    const fromLayer = LAYER_OF.get(from);

    /** @param {import('estree').Node | null | undefined} source */
    function check(source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return; // packages and node: builtins are not modules of src/
      const target = resolve(dirname(file), spec);
      const to = moduleOf(target);
      if (!to || to === from) return;
      if (exceptions.some((e) => e.may.test(target))) return;
      const toLayer = LAYER_OF.get(to);
      if (!fromLayer || !toLayer) {
        context.report({ node: source, messageId: 'unplaced', data: { module: fromLayer ? to : from } });
        return;
      }
      if (toLayer.rank <= fromLayer.rank) return;
      const allowed = LAYERS.slice(0, fromLayer.rank + 1)
        .map((l) => l.name)
        .join(', ');
      context.report({
        node: source,
        messageId: 'upward',
        data: { from: `src/${from}`, fromLayer: fromLayer.name, to: `src/${to}`, toLayer: toLayer.name, allowed },
      });
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // `typeof import('../x.js')` in a type position
      /** @param {any} node */
      TSImportType: (node) => check(node.argument?.literal ?? node.argument),
    };
  },
};

export default defineConfig(
  {
    ignores: ['dist/', 'coverage/', 'reports/', '.stryker-tmp/', 'node_modules/', 'migrations/', 'test/artifacts/', 'bench/results/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { appeals: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: { 'appeals/module-boundaries': 'error' },
  },
  {
    // the pages' own scripts: plain browser scripts (no modules, no build step)
    files: ['src/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    // benchmarks, Jest's global setup, and the configuration files at the root
    files: ['bench/**/*.mjs', 'test/**/*.mjs', '*.js', '*.mjs'],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
