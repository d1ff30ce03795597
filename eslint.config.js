// @ts-check
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node built-ins, written both ways. */
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'http',
  'net',
];

const noOpenExternal = {
  selector: "MemberExpression[property.name='openExternal']",
  message: 'Use safeOpenExternal() from electron/main/security.ts: it checks the allowlist.',
};

/**
 * One way of running queries on both engines (SQLite and PostgreSQL): services and queries go through
 * Kysely only, never the better-sqlite3 handle (`conn.sqlite`) or the better-sqlite3 package.
 */
const kyselyOnly = {
  'no-restricted-syntax': [
    'error',
    noOpenExternal,
    {
      selector: "MemberExpression[property.name='sqlite']",
      message:
        'Services and queries run on SQLite and PostgreSQL: use Kysely (conn.db or the transaction), never conn.sqlite.',
    },
  ],
};

/**
 * SQL that only SQLite understands, in db/queries and db/services: the engine-specific form lives in
 * db/queries/dialect.ts (groupConcat, integerList / inIntegerList, charOf, dialectSql), nowhere else.
 * Checked in sql`...` templates, sql.raw(...) and eb.fn('...') (not in other strings: messages may say anything).
 */
const SQLITE_ONLY =
  '/\\b(group_concat|json_each|json_tree|json_extract|json_group_array|json_group_object|json_insert|json_set|json_patch|strftime|julianday|unixepoch|datetime|last_insert_rowid|rowid|ifnull|iif|instr|printf|char|glob|nocase|total_changes|randomblob)\\b|insert\\s+or\\s+(ignore|replace)|date\\(\\s*.now/i';
const SQLITE_ONLY_MESSAGE =
  'SQLite-only SQL: services and queries run on SQLite and PostgreSQL. Use a helper of db/queries/dialect.ts (or add one there).';
const noSqliteOnlySql = [
  {
    selector: `TaggedTemplateExpression[tag.name='sql'] TemplateElement[value.raw=${SQLITE_ONLY}]`,
    message: SQLITE_ONLY_MESSAGE,
  },
  {
    selector: `CallExpression[callee.property.name='raw'] TemplateElement[value.raw=${SQLITE_ONLY}]`,
    message: SQLITE_ONLY_MESSAGE,
  },
  {
    selector: `CallExpression[callee.property.name=/^(raw|fn)$/] > Literal[value=${SQLITE_ONLY}]`,
    message: SQLITE_ONLY_MESSAGE,
  },
];
kyselyOnly['no-restricted-syntax'].push(...noSqliteOnlySql);
/** dialect.ts is where each engine's own SQL lives. */
const kyselyOnlyDialect = {
  'no-restricted-syntax': kyselyOnly['no-restricted-syntax'].filter((r) => !noSqliteOnlySql.includes(r)),
};

const noBetterSqlite = {
  group: ['better-sqlite3'],
  message: 'Services and queries run on SQLite and PostgreSQL: use Kysely, never better-sqlite3.',
};

/**
 * The layering rule of the project, as lint:
 *   shared/  <-  db/  <-  electron/      and      renderer/ -> shared/ only.
 */
const layer = (/** @type {string[]} */ patterns, /** @type {string} */ message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'native/**',
      'coverage/**',
      'test-results/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      // Only electron/main/security.ts may open external links (through safeOpenExternal's allowlist).
      'no-restricted-syntax': ['error', noOpenExternal],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: layer(
      [
        ...nodeBuiltins,
        'electron',
        'react',
        'react-dom',
        'better-sqlite3',
        'kysely',
        '**/db/**',
        '**/electron/**',
        '**/renderer/**',
      ],
      'shared/ is pure: no Node, DOM, Electron, database or renderer imports.',
    ),
  },
  {
    files: ['db/**/*.ts'],
    rules: layer(
      ['electron', '**/electron/**', '**/renderer/**', '**/server/**', 'react', 'react-dom'],
      'db/ must not depend on Electron, the renderer or the team server.',
    ),
  },
  {
    // The team server (issue 19): shared/ <- db/ <- server/. It serves the dispatcher over HTTPS and knows
    // nothing of Electron or the renderer; only its client (server/client.ts) is used by the desktop side.
    files: ['server/**/*.ts'],
    rules: {
      ...layer(
        ['electron', '**/electron/**', '**/renderer/**', 'react', 'react-dom', 'better-sqlite3'],
        'server/ serves db/ over HTTPS: no Electron, renderer or better-sqlite3 (storage goes through db/).',
      ),
      'no-restricted-syntax': [
        'error',
        noOpenExternal,
        {
          selector: "MemberExpression[property.name='sqlite']",
          message: 'The server runs on PostgreSQL: use Kysely through db/, never conn.sqlite.',
        },
      ],
    },
  },
  {
    // Plain HTTP is never served: node:http may be imported for its types only.
    files: ['server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node:http',
              message: 'The server speaks HTTPS only (node:https); node:http for types only.',
              allowTypeImports: true,
            },
            { name: 'http', message: 'The server speaks HTTPS only (node:https).' },
          ],
        },
      ],
    },
  },
  {
    // SQL lives in db/queries; services compose queries and rules. A query never reaches up into a service,
    // the dispatcher or a handler (that is how business rules leak into SQL and cycles start).
    files: ['db/queries/**/*.ts'],
    rules: {
      ...kyselyOnly,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'electron',
                '**/electron/**',
                '**/renderer/**',
                'react',
                'react-dom',
                '**/services/**',
                '**/handlers/**',
                '**/dispatcher',
                '**/dispatcher.ts',
              ],
              message: 'db/queries/ holds SQL only: it never imports services, handlers or the dispatcher.',
            },
            noBetterSqlite,
          ],
        },
      ],
    },
  },
  {
    // data.ts is the single-computer backup and restore (SQLite file management), refused on PostgreSQL.
    files: ['db/services/**/*.ts', 'db/handlers/**/*.ts', 'db/dispatcher.ts', 'db/mappers/**/*.ts'],
    ignores: ['db/services/data.ts'],
    rules: {
      ...kyselyOnly,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', '**/electron/**', '**/renderer/**', 'react', 'react-dom'],
              message: 'db/ must not depend on Electron or the renderer.',
            },
            noBetterSqlite,
          ],
        },
      ],
    },
  },
  {
    // No import cycles anywhere in the product code: a cycle makes module start-up order matter and hides a
    // missing layer.
    files: ['shared/**/*.ts', 'db/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'server/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.node.json', 'tsconfig.web.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The desktop side reaches the team server through its client only, never the server itself.
    files: ['electron/**/*.ts'],
    ignores: ['electron/preview/**', 'electron/preload/**'],
    rules: layer(
      ['**/server/server', '**/server/main', '**/server/changes', '**/server/config', '**/server/tls'],
      'The desktop side uses the team server through server/client.ts only.',
    ),
  },
  {
    files: ['electron/preview/**/*.ts'],
    rules: layer(
      [
        'electron',
        '**/renderer/**',
        '**/server/server',
        '**/server/main',
        '**/server/changes',
        '**/server/config',
        '**/server/tls',
      ],
      'The browser preview runs without Electron, and reaches a team server through server/client.ts only.',
    ),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: layer(
      [...nodeBuiltins, '**/db/**', '**/renderer/**', 'better-sqlite3', 'kysely'],
      'The preload imports only electron and shared/.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // We do not run the React Compiler, so a library it cannot memoise (TanStack Virtual) is fine.
      'react-hooks/incompatible-library': 'off',
      ...layer(
        [
          ...nodeBuiltins,
          'electron',
          '**/db/**',
          '**/electron/**',
          '**/server/**',
          'better-sqlite3',
          'kysely',
        ],
        'renderer/ imports only shared/ (and browser libraries): it never sees SQL or Node.',
      ),
    },
  },
  {
    // Renderer tests run in jsdom and reach the real dispatcher in-process.
    files: ['tests/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['db/queries/dialect.ts'],
    rules: kyselyOnlyDialect,
  },
  {
    files: ['electron/main/security.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
