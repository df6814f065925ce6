import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * What the product loads: the AGPL evaluator (docs/adr/0002-iam-simulate.md) and the provider
 * package's root (seconds and half a gigabyte, DESIGN.md) stay out of everything `npm run synth`
 * runs: main.ts, envs/, stacks/, modules/.
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

const product = ['main.ts', ...['envs', 'stacks', 'modules'].flatMap(sources)];

describe('what the product imports', () => {
  test.each(product.map((f) => [f]))('%s imports no test-only IAM library and no provider root', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.filter((i) => i.startsWith('@cloud-copilot/') || i === '@cdktf/provider-aws')).toEqual([]);
  });
});
