import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * What the product loads: everything `npm run synth` runs (main.ts, envs/, stacks/, modules/) and
 * the scripts users run against their configuration (scripts/). None of it reaches into the
 * testbed (testbed/, what tests the product), the AGPL evaluator the testbed uses
 * (docs/adr/0002-iam-simulate.md), or the provider package's root (seconds and half a gigabyte,
 * DESIGN.md).
 */
const ROOT = resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

const product = ['main.ts', ...['envs', 'stacks', 'modules', 'scripts'].flatMap(sources)];

describe('what the product imports', () => {
  test('the product is found', () => {
    expect(product).toEqual(expect.arrayContaining(['main.ts', 'stacks/app.ts', 'scripts/cdktf.ts']));
  });

  test.each(product.map((f) => [f]))(
    '%s imports nothing of the testbed, no test-only library, no provider root',
    (file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const imports = [...text.matchAll(/(?:from|import\(|require\()\s*'([^']+)'/g)].map((m) => m[1]);
      const intoTestbed = imports
        .filter((i) => i.startsWith('.'))
        .map((i) => relative(ROOT, resolve(ROOT, dirname(file), i)))
        .filter((target) => target === 'testbed' || target.startsWith('testbed/'));
      expect({
        testbed: intoTestbed,
        libraries: imports.filter((i) => i.startsWith('@cloud-copilot/') || i === '@cdktf/provider-aws'),
      }).toEqual({ testbed: [], libraries: [] });
    },
  );
});
