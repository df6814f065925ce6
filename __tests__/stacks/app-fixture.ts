import { App } from 'cdktf';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * Synthesizes the whole app as `cdktf synth` does (cross-stack references become outputs and
 * remote-state reads) and reads back what it wrote.
 */
export function synthOutput(): SynthOutput {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-'));
  try {
    buildShippedApp(outdir).app.synth();
    const stacksDir = join(outdir, 'stacks');
    const stacks = Object.fromEntries(
      readdirSync(stacksDir).map((id) => {
        const text = readFileSync(join(stacksDir, id, 'cdk.tf.json'), 'utf8');
        return [id, { ...(JSON.parse(text) as Synthesized), text }];
      }),
    );
    const manifest = JSON.parse(
      readFileSync(join(outdir, 'manifest.json'), 'utf8'),
    ) as SynthOutput['manifest'];
    return { stacks, manifest };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Each stack's parsed cdk.tf.json by stack ID. */
export function synthApp(): SynthOutput['stacks'] {
  return synthOutput().stacks;
}
