import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copyRepository } from '../../testbed/deploy/workspace';

/**
 * The end-to-end tests' workbench: a temporary copy of the repository (node_modules linked) whose
 * configuration a test changes, and the real app run on it the way cdktf.json runs it.
 */
export const ROOT = resolve(__dirname, '../..');
/** Beyond what synth and deploy need: the tests and the testbed they use (the recipes run them), docs and workflows. */
const ALSO = ['__tests__', 'testbed', 'jest.config.js', 'README.md', 'docs', '.github'];

export function copyRepo(): string {
  return copyRepository(ROOT, 'app-copy-', ALSO);
}

export function runApp(dir: string, env: Record<string, string> = {}) {
  const outDir = join(dir, 'cdktf.out');
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['main.ts'], {
    cwd: dir,
    env: { ...process.env, CDKTF_OUTDIR: outDir, ...env },
    encoding: 'utf8',
  });
  return { ...result, outDir };
}

export function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(path, text.replace(from, to));
}
