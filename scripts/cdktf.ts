/**
 * `npm run synth|diff|deploy -- [stack ...] [cdktf flags]`: the cdktf CLI, but a stack name that
 * does not exist is refused with the list of stacks (plain `cdktf synth nope` ignores the name and
 * `cdktf diff nope` does not say which stacks exist). Synthesizes once with the app command of
 * cdktf.json, then hands the rest to cdktf with --skip-synth.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { synthesize } from './plan/offline-plan';

const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, 'cdktf.out');

/** cdktf flags that take the next argument as their value (unless written `--flag=value`). */
const VALUE_FLAGS = [
  '--var',
  '--var-file',
  '--app',
  '-a',
  '--output',
  '-o',
  '--parallelism',
  '--terraform-parallelism',
  '--outputs-file',
];

/** Stack names among `args` (positional arguments) that the app does not have. */
export function unknownStacks(args: readonly string[], stacks: readonly string[]): string[] {
  const positional = args.filter((arg, i) => !arg.startsWith('-') && !VALUE_FLAGS.includes(args[i - 1]));
  return positional.filter((name) => !stacks.includes(name));
}

function main(): number {
  const [verb, ...args] = process.argv.slice(2);
  if (!verb) {
    console.error('usage: tsx scripts/cdktf.ts <synth|diff|deploy|destroy|output> [stack ...] [cdktf flags]');
    return 2;
  }
  const hcl = args.includes('--hcl');
  try {
    synthesize(ROOT, OUT_DIR, hcl ? { SYNTH_HCL_OUTPUT: 'true' } : {});
  } catch {
    return 1; // the app has printed why (for example the configuration problems)
  }
  const manifest = JSON.parse(readFileSync(join(OUT_DIR, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { workingDirectory: string }>;
  };
  // The app writes one format; a file of the other left by an earlier synth would double every
  // resource for Terraform, which loads both.
  for (const stack of Object.values(manifest.stacks)) {
    rmSync(join(OUT_DIR, stack.workingDirectory, hcl ? 'cdk.tf.json' : 'cdk.tf'), { force: true });
  }
  const stacks = Object.keys(manifest.stacks).sort();
  const unknown = unknownStacks(
    args.filter((a) => a !== '--hcl'),
    stacks,
  );
  if (unknown.length > 0) {
    console.error(
      `Unknown stack${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => `"${s}"`).join(', ')}.`,
    );
    console.error(`Stacks of this app: ${stacks.join(', ')}`);
    return 2;
  }
  if (verb === 'synth') {
    console.log(`Synthesized ${stacks.length} stacks into cdktf.out/stacks: ${stacks.join(', ')}`);
    return 0;
  }
  const cli = spawnSync(join(ROOT, 'node_modules/.bin/cdktf'), [verb, ...args, '--skip-synth'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { CHECKPOINT_DISABLE: '1', ...process.env },
  });
  return cli.status ?? 1;
}

if (require.main === module) process.exitCode = main();
