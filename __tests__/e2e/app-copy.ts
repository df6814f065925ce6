import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The end-to-end tests' workbench: a temporary copy of the repository (node_modules linked) whose
 * configuration a test changes, and the real app run on it the way cdktf.json runs it.
 */
export const ROOT = resolve(__dirname, '../..');
const SOURCES = [
  '__tests__',
  'jest.config.js',
  'README.md',
  'docs',
  'main.ts',
  'envs',
  'stacks',
  'modules',
  'scripts',
  'tsconfig.json',
  'package.json',
  'cdktf.json',
  '.github',
];

export function copyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'app-copy-'));
  for (const entry of SOURCES) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
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
