import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, type CommandResult } from '../process/tier-run';

/** Places a provider mirror is looked for when TF_PROVIDER_MIRROR is not set. */
const MIRROR_CANDIDATES = [
  '/opt/tf-plugins',
  '/usr/share/terraform/plugins',
  '/usr/local/share/terraform/plugins',
  join(process.env.HOME ?? '/root', '.terraform.d/plugins'),
];

/**
 * The filesystem mirror that holds hashicorp/aws: TF_PROVIDER_MIRROR if set, else the first
 * candidate that has it. Undefined means "no mirror": init then uses the registry.
 */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TF_PROVIDER_MIRROR) {
    if (!hasAwsProvider(env.TF_PROVIDER_MIRROR)) {
      throw new Error(
        `TF_PROVIDER_MIRROR=${env.TF_PROVIDER_MIRROR} has no registry.terraform.io/hashicorp/aws provider`,
      );
    }
    return env.TF_PROVIDER_MIRROR;
  }
  return MIRROR_CANDIDATES.find(hasAwsProvider);
}

function hasAwsProvider(dir: string): boolean {
  const aws = join(dir, 'registry.terraform.io/hashicorp/aws');
  return existsSync(aws) && readdirSync(aws).length > 0;
}

/**
 * Writes a Terraform CLI config that installs providers from `mirror` only, or, without a mirror,
 * one that adds nothing (so a connected machine uses the registry as usual).
 */
export function writeCliConfig(path: string, mirror: string | undefined): string {
  const body = mirror
    ? [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = ${JSON.stringify(mirror)}`,
        '    include = ["registry.terraform.io/*/*"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/*/*"]',
        '  }',
        '}',
      ].join('\n')
    : '# no provider mirror found: providers come from the registry\n';
  writeFileSync(path, `${body}\n`);
  return path;
}

/**
 * The Go garbage collector's target for the Terraform and provider processes the test tiers start
 * (unless GOGC is set already). Every command loads the AWS provider's whole schema, much of it
 * garbage-collection work at Go's default of 100; at 400 the offline plan took 0.80x the CPU and
 * 0.83x the wall time, and its largest process 468 MB instead of 324 (median of 3 runs each).
 * Users' own commands keep Go's default.
 */
export function withTestTierGc(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, GOGC: env.GOGC ?? '400' };
}

/** What a Terraform command printed, and how it ended. */
export type TerraformResult = Pick<CommandResult, 'code' | 'stdout' | 'stderr' | 'seconds'>;

/** Runs `terraform <args>` in `cwd` without colour or prompts (see runCommand); never throws on a non-zero exit. */
export function terraform(
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<TerraformResult> {
  return runCommand('terraform', args, {
    cwd,
    env: { ...withTestTierGc(env), TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' },
  });
}
