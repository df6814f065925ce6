import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a checkout needs to synthesize and deploy; node_modules is linked, not copied. */
const SOURCES = [
  'main.ts',
  'envs',
  'stacks',
  'modules',
  'scripts',
  'tsconfig.json',
  'package.json',
  'cdktf.json',
  '.terraform.lock.hcl',
];

/**
 * A fresh checkout of the repository in a temporary directory, as a new user would have it:
 * no `cdktf.out`, and an empty `bootstrap/` (the state stack's local state starts from nothing,
 * whatever the real checkout holds). `also` adds entries beyond what synth and deploy need (the
 * end-to-end tests copy the tests, docs and workflows too).
 */
export function copyRepository(root: string, prefix = 'checkout-', also: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of [...SOURCES, ...also]) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  mkdirSync(join(dir, 'bootstrap'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
