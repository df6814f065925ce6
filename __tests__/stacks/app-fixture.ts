import { App } from 'cdktf';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Synthesized } from '../helpers';
import { environments, project } from '../../envs';
import { EnvironmentStack } from '../../stacks/environment-stack';
import { ServiceStack } from '../../stacks/service-stack';
import { SharedStack } from '../../stacks/shared-stack';
import { StateStack } from '../../stacks/state-stack';

/** Every stack of the shipped configuration, built the way main.ts builds them. */
export function buildApp(outdir?: string) {
  const app = new App({ skipValidation: true, ...(outdir ? { outdir } : {}) });
  const state = new StateStack(app, 'state', project, environments);
  const shared = new SharedStack(app, 'shared', project, environments);
  const envStacks = environments.map((env) => new EnvironmentStack(app, env.name, { project, env, shared }));
  const serviceStacks = envStacks.flatMap((environment) =>
    Object.keys(environment.env.services).map(
      (serviceName) =>
        new ServiceStack(app, `${environment.env.name}-${serviceName}`, {
          project,
          env: environment.env,
          serviceName,
          environment,
          shared,
        }),
    ),
  );
  return { app, state, shared, envStacks, serviceStacks };
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
    buildApp(outdir).app.synth();
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
