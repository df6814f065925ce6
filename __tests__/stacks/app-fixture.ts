import { App } from 'cdktf';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_TMPDIR_ENV } from '../global-setup';
import type { Synthesized } from '../helpers';
import { environments, project } from '../../envs';
import { buildApp } from '../../stacks/app';

/** Every stack of the shipped configuration, built the way main.ts builds them. */
export function buildShippedApp(outdir?: string) {
  const app = new App({ skipValidation: true, ...(outdir ? { outdir } : {}) });
  return { app, ...buildApp(app, project, environments) };
}

/** What `cdktf synth` writes, parsed: each stack's cdk.tf.json by stack ID, and the manifest. */
export interface SynthOutput {
  readonly stacks: Record<string, Synthesized & { text: string }>;
  readonly manifest: { stacks: Record<string, { dependencies: string[] }> };
}

/**
 * What `cdktf synth` writes for the shipped app, as a directory: synthesized once per Jest run and
 * shared by every test file that only reads it (a whole-app synth costs a second or more in each
 * file that repeats it). `__tests__/global-setup.ts` makes a directory for the run; the first
 * worker to need the output synthesizes into a draft there and renames the draft to
 * `shipped-synth`, which is atomic: no worker reads a half-written tree, and a second writer just
 * drops its own draft.
 * Outside such a run (no directory named), each process synthesizes its own.
 */
export function shippedSynthDir(): string {
  const root = process.env[RUN_TMPDIR_ENV] ?? ownRoot();
  const dir = join(root, 'shipped-synth');
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  const draft = mkdtempSync(join(root, 'draft-'));
  buildShippedApp(draft).app.synth();
  try {
    renameSync(draft, dir);
  } catch (error) {
    // Another worker got there first with the same synthesis.
    if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    rmSync(draft, { recursive: true, force: true });
  }
  return dir;
}

let processRoot: string | undefined;
function ownRoot(): string {
  if (!processRoot) {
    const root = mkdtempSync(join(tmpdir(), 'shipped-synth-'));
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
    processRoot = root;
  }
  return processRoot;
}

/**
 * The whole app as `cdktf synth` writes it (cross-stack references become outputs and remote-state
 * reads), read back and parsed afresh on each call, so a test may change what it gets.
 */
export function synthOutput(): SynthOutput {
  const outdir = shippedSynthDir();
  const stacksDir = join(outdir, 'stacks');
  const stacks = Object.fromEntries(
    readdirSync(stacksDir).map((id) => {
      const text = readFileSync(join(stacksDir, id, 'cdk.tf.json'), 'utf8');
      return [id, { ...(JSON.parse(text) as Synthesized), text }];
    }),
  );
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as SynthOutput['manifest'];
  return { stacks, manifest };
}

/** Each stack's parsed cdk.tf.json by stack ID. */
export function synthApp(): SynthOutput['stacks'] {
  return synthOutput().stacks;
}
