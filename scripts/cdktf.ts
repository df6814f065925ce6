/**
 * `npm run synth|diff|deploy -- [stack ...] [cdktf flags]`: the cdktf CLI, but a stack name that
 * does not exist is refused with the list of stacks (plain `cdktf synth nope` ignores the name and
 * `cdktf diff nope` does not say which stacks exist). Synthesizes once with the app command of
 * cdktf.json, then hands the rest to cdktf with --skip-synth.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseOptions } from './options';
import { synthesize } from './synth';
import { terraformEnv } from './terraform-env';

const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, 'cdktf.out');

/**
 * The cdktf flags this script reads, and those that take the next argument as their value (unless
 * written `--flag=value`), so that the value is not taken for a stack name. Any other flag is
 * cdktf's, passed on as written.
 */
const CDKTF_OPTIONS = {
  hcl: { type: 'boolean' },
  'skip-synth': { type: 'boolean' },
  var: { type: 'string', multiple: true },
  'var-file': { type: 'string' },
  app: { type: 'string', short: 'a' },
  output: { type: 'string', short: 'o' },
  parallelism: { type: 'string' },
  'terraform-parallelism': { type: 'string' },
  'outputs-file': { type: 'string' },
} as const;

/** Stack names among `args` (positional arguments) that the app does not have. */
export function unknownStacks(args: readonly string[], stacks: readonly string[]): string[] {
  return parseOptions(args, CDKTF_OPTIONS).positionals.filter((name) => !stacks.includes(name));
}

async function main(): Promise<number> {
  const [verb, ...args] = process.argv.slice(2);
  if (!verb) {
    console.error('usage: tsx scripts/cdktf.ts <synth|diff|deploy|destroy|output> [stack ...] [cdktf flags]');
    return 2;
  }
  const { values, positionals } = parseOptions(args, CDKTF_OPTIONS);
  const hcl = values.hcl === true;
  // --skip-synth (cdktf's own flag) acts on what is already in cdktf.out, for example exactly what
  // a reviewed `diff` showed; otherwise the app is synthesized first.
  const skipSynth = values['skip-synth'] === true;
  if (!skipSynth) {
    try {
      synthesize(ROOT, OUT_DIR, hcl ? { SYNTH_HCL_OUTPUT: 'true' } : {});
    } catch {
      return 1; // the app has printed why (for example the configuration problems)
    }
  } else if (!existsSync(join(OUT_DIR, 'manifest.json'))) {
    console.error('--skip-synth: nothing synthesized yet in cdktf.out; run npm run synth first.');
    return 1;
  }
  const manifest = JSON.parse(readFileSync(join(OUT_DIR, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { workingDirectory: string }>;
  };
  const stacks = Object.keys(manifest.stacks).sort();
  const unknown = positionals.filter((name) => !stacks.includes(name));
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
  const status = await runCdktf([verb, ...args.filter((a) => a !== '--skip-synth'), '--skip-synth']);
  if (status !== 0 && (verb === 'deploy' || verb === 'destroy')) {
    const variables = [values.var ?? []].flat().filter((v) => typeof v === 'string');
    for (const stack of positionals)
      explainFailure(verb, stack, manifest.stacks[stack].workingDirectory, variables);
  }
  return status;
}

/** Runs the cdktf CLI on this terminal (it asks for approval there); resolves to its exit status. */
async function runCdktf(args: readonly string[]): Promise<number> {
  const child = spawn(join(ROOT, 'node_modules/.bin/cdktf'), [...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: terraformEnv(),
  });
  return new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

/**
 * cdktf 0.21 runs Terraform in a pseudo-terminal and stops reading it when Terraform exits, so it
 * can exit 1 having printed Terraform's error in part or not at all: a refused destroy of two
 * `prevent_destroy` resources came out as the first message and the second one's heading (the
 * cdktn fork fixed a case of this, open-constructs/cdk-terrain#169). Terraform's own plan of the
 * stack, read whole from a pipe, says why; print its errors after every failed deploy or destroy.
 */
function explainFailure(
  verb: 'deploy' | 'destroy',
  stack: string,
  workingDirectory: string,
  variables: readonly string[],
): void {
  const plan = spawnSync(
    'terraform',
    [
      'plan',
      '-input=false',
      '-no-color',
      '-lock=false',
      ...(verb === 'destroy' ? ['-destroy'] : []),
      ...variables.map((v) => `-var=${v}`),
    ],
    {
      cwd: join(OUT_DIR, workingDirectory),
      encoding: 'utf8',
      env: terraformEnv(),
    },
  );
  const errors = (plan.stderr ?? '').trim();
  if (errors) {
    console.error(
      `\n${stack}: terraform plan${verb === 'destroy' ? ' -destroy' : ''} in ${join('cdktf.out', workingDirectory)} says:\n${errors}`,
    );
  }
}

if (require.main === module) void main().then((code) => (process.exitCode = code));
