import type { EnvironmentConfig } from '../../envs/types';
import type { CommandResult as ProcessResult } from '../process/tier-run';
import { reconcile } from './emulator-diffs';
import type { PlannedChange } from './plan-changes';
import { protectedResources, type StackJson } from './stack-json';

/** What a deploy-tier command printed (`output`), and how it ended. */
export type CommandResult = Pick<ProcessResult, 'code' | 'output' | 'seconds'>;

/** One step of one stack (deploy, re-plan, destroy), or one check. */
export interface Step {
  readonly ok: boolean;
  readonly summary: string;
  readonly seconds: number;
  readonly detail?: string;
}

/** A step beside the stacks' own: a protection, or the emulator-diff list's upkeep. */
export interface Check extends Step {
  readonly name: string;
}

export type Phase = 'deploy' | 'replan' | 'destroy';

export interface StackOutcome {
  readonly stack: string;
  readonly account: string;
  readonly steps: Partial<Record<Phase, Step>>;
}

/** Resource types that hold data; a protected stack's refusal must name each of them it has. */
const DATA_RESOURCE_TYPES = ['aws_rds_cluster', 'aws_s3_bucket', 'aws_route53_zone', 'aws_ecr_repository'];

/**
 * A command passed when it exited 0; the summary is Terraform's `<expect>!` line. cdktf can lose
 * the end of Terraform's output (see `refusalStep`), and that line is the last of a destroy, so
 * without it the step still passes, saying so: the re-plan after a deploy and the empty state after
 * a destroy are what prove the work was done.
 */
export function commandStep(result: CommandResult, expect: string): Step {
  if (result.code !== 0) {
    return {
      ok: false,
      summary: `exit ${result.code}`,
      seconds: result.seconds,
      detail: tail(result.output),
    };
  }
  const line = result.output.split('\n').find((l) => l.toLowerCase().includes(`${expect}!`));
  return {
    ok: true,
    summary: line
      ? line
          .replace(/^\s*\S+\s+/, '')
          .trim()
          .replace(/\s+/g, ' ')
      : `exit 0; cdktf did not relay Terraform's "${expect}!"`,
    seconds: result.seconds,
  };
}

/**
 * The destroy must fail with Terraform's prevent_destroy error. Terraform names the protected
 * resources it reaches first (a KMS key a protected cluster depends on is not reached), so: every
 * one it names is protected, and it names every data-holding one. cdktf can lose the end of what
 * Terraform printed (in CI, the second of two refusals came out as its heading alone), so the names
 * that must appear are read from what `npm run destroy` adds after a failure: Terraform's own plan
 * of the stack (see `explainFailure` in scripts/cdktf.ts), which a user reads in the same place.
 */
export function refusalStep(
  stack: string,
  result: CommandResult,
  protectedAddresses: readonly string[],
  mustName: readonly string[],
): Step {
  const text = relayedText(result.output, stack);
  const explained = text.search(new RegExp(`^${stack}: terraform plan -destroy in \\S+ says:$`, 'm'));
  const named = preventDestroyNames(text);
  const explainedNames = explained < 0 ? [] : preventDestroyNames(text.slice(explained));
  const unexpected = named.filter((address) => !protectedAddresses.includes(address));
  const missing = mustName.filter((address) => !explainedNames.includes(address));
  const problems = [
    ...(result.code === 0 || !text.includes('Instance cannot be destroyed')
      ? [`exit ${result.code} without "Instance cannot be destroyed"`]
      : []),
    ...(explained < 0 ? ["no explanation from Terraform's own plan"] : []),
    ...(unexpected.length > 0 ? [`names unprotected ${[...new Set(unexpected)].join(', ')}`] : []),
    ...(missing.length > 0 ? [`missing ${missing.join(', ')}`] : []),
  ];
  return {
    ok: problems.length === 0,
    summary:
      problems.length === 0
        ? `refused by prevent_destroy on ${[...new Set(named)].sort().join(', ')}`
        : `expected a prevent_destroy refusal naming ${mustName.join(', ') || protectedAddresses.join(', ')} (${problems.join('; ')})`,
    seconds: result.seconds,
    detail: problems.length === 0 ? undefined : tail(result.output),
  };
}

/** The addresses Terraform's prevent_destroy errors name in `text`. */
function preventDestroyNames(text: string): string[] {
  // Terraform wraps its messages, and cdktf adds the construct path after the address.
  return [
    ...text
      .replace(/\s+/g, ' ')
      .matchAll(/Resource (\S+) (?:\([^)]*\) )?has lifecycle\.prevent_destroy set/g),
  ].map((m) => m[1]);
}

/** A re-plan passes when every change it still shows is one the reviewed emulator-diff list explains. */
export function changesStep(changes: readonly PlannedChange[], seconds: number): Step {
  const { unexplained } = reconcile(changes);
  const known = changes.length - unexplained.length;
  if (unexplained.length > 0) {
    return {
      ok: false,
      summary: `${unexplained.length} change(s) not explained by testbed/deploy/emulator-diffs.ts`,
      seconds,
      detail: unexplained
        .map((c) => `${c.address}: ${c.attribute} (${c.actions.join('+')}) ${c.values ?? ''}`)
        .join('\n'),
    };
  }
  return {
    ok: true,
    summary: known > 0 ? `no changes but ${known} listed emulator diff(s)` : 'no changes',
    seconds,
  };
}

/**
 * What destroying a stack must do. A stack with `prevent_destroy` resources must be refused, naming
 * at least the data it holds; one without must go completely. An environment whose config says
 * `protectData` must hold its database and access-log bucket under `prevent_destroy`, so a
 * construct that stops protecting them fails here, not in production.
 */
export function destroyExpectation(
  name: string,
  stack: StackJson,
  envs: readonly EnvironmentConfig[],
): { protected: string[]; mustName: string[] } | { problem: string } {
  const protectedAddresses = protectedResources(stack);
  const env = envs.find((e) => e.name === name);
  if (env?.protectData) {
    const data = Object.entries(stack.resource ?? {})
      .filter(
        ([type]) =>
          type === 'aws_rds_cluster' || (type === 'aws_s3_bucket' && env.loadBalancer.accessLogs.enabled),
      )
      .flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
    const unprotected = data.filter((address) => !protectedAddresses.includes(address));
    if (data.length === 0 || unprotected.length > 0) {
      return {
        problem: `${name} sets protectData but ${unprotected.join(', ') || 'no database'} lacks prevent_destroy; not destroyed`,
      };
    }
  }
  return {
    protected: protectedAddresses,
    mustName: protectedAddresses.filter((address) => DATA_RESOURCE_TYPES.includes(address.split('.')[0])),
  };
}

/** cdktf's progress line, which it prints between the chunks of Terraform's output it relays. */
const PROGRESS_LINE = /^\d+ Stacks? \w+ +\d+ Stacks? done +\d+ Stacks? waiting$/;

/**
 * Terraform's output as cdktf relays it, without what cdktf puts between and over it: its progress
 * lines, and the stack's name written over the indentation of the first line of each chunk. Both
 * can fall inside one of Terraform's messages ("... has lifecycle.prevent_destroy", a progress
 * line, then "shared  set, but ...").
 */
export function relayedText(output: string, stack: string): string {
  const inColumn = (line: string) => line.startsWith(stack) && /^(\s|$)/.test(line.slice(stack.length));
  return output
    .split('\n')
    .filter((line) => !PROGRESS_LINE.test(line))
    .map((line) => (inColumn(line) ? ' '.repeat(stack.length) + line.slice(stack.length) : line))
    .join('\n');
}

/** The last lines of a command's output: where Terraform puts its error. */
export function tail(text: string, lines = 40): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
