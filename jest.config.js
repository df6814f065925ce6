const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * The installed packages that ship ES modules only (execa, p-queue, log-update and most of what they
 * import), by name, with their directories. Jest 29 runs tests as CommonJS and cannot require them,
 * so ts-jest compiles them as it compiles the TypeScript (once per version: Jest caches it). Found,
 * not listed, so that an upgrade that brings in another one does not break every test that loads it.
 */
function esmOnlyPackages(dir = join(__dirname, 'node_modules'), found = new Map()) {
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@') ? readdirSync(join(dir, entry)).map((s) => `${entry}/${s}`) : [entry];
    for (const name of names) {
      const manifest = readManifest(join(dir, name));
      // A package with a `require` condition has a CommonJS build of its own, which Jest loads as is.
      if (manifest?.type === 'module' && !JSON.stringify(manifest.exports ?? {}).includes('"require"')) {
        found.set(name, { dir: join(dir, name), exports: manifest.exports });
      }
      if (existsSync(join(dir, name, 'node_modules')))
        esmOnlyPackages(join(dir, name, 'node_modules'), found);
    }
  }
  return found;
}

function readManifest(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The file a package exports to Node under `import` only (unicorn-magic, which execa's npm-run-path
 * imports, names none for `require` or `default`, the conditions Jest resolves with); undefined when
 * Jest finds one itself.
 */
function importOnlyEntry(exports) {
  if (typeof exports !== 'object' || exports === null) return undefined;
  if ('.' in exports) return importOnlyEntry(exports['.']);
  if (typeof exports.default === 'string' || typeof exports.require === 'string') return undefined;
  const target = exports.node ?? exports.import ?? exports.default;
  return typeof target === 'string' ? target : (importOnlyEntry(target) ?? target?.import);
}

const esmOnly = esmOnlyPackages();
const pattern = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // The product's tests, and the testbed's own (testbed/__tests__).
  roots: ['<rootDir>/__tests__', '<rootDir>/testbed'],
  testMatch: ['**/*.test.ts'],
  // tsconfig sets isolatedModules, so ts-jest only transpiles; type-checking is `npm run build`.
  transform: {
    '^.+\\.ts$': 'ts-jest',
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(?:${[...esmOnly.keys()].map(pattern).join('|')})/)`],
  moduleNameMapper: Object.fromEntries(
    [...esmOnly].flatMap(([name, { dir, exports }]) => {
      const entry = importOnlyEntry(exports);
      return entry ? [[`^${pattern(name)}$`, join(dir, entry)]] : [];
    }),
  ),
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  // One temporary directory per run (TMPDIR), removed at its end; the files that only read the
  // shipped app's synthesis share one made there.
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/global-teardown.ts',
  testTimeout: 60_000,
  // Jest's default leaves a core to its parent process, which mostly waits: on the 2-core CI
  // machine that meant one worker. Two workers took the unit tests from 35 s to 29 s (npm run bench).
  maxWorkers: '100%',
};
