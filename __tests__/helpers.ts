import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';

/** Synthesized JSON of a stack, parsed: `{ resource: { aws_vpc: { <name>: {...} } }, ... }`. */
export interface Synthesized {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly terraform?: Record<string, unknown>;
  readonly variable?: Record<string, Record<string, unknown>>;
}

/** Builds constructs in a fresh stack with an AWS provider and returns the JSON string. */
export function synthConstruct(build: (scope: Construct) => void): string {
  return Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'ap-northeast-1' });
    build(scope);
  });
}

export function parse(json: string): Synthesized {
  return JSON.parse(json) as Synthesized;
}

/** All resources of one type, as a list of their bodies. */
export function resources(json: string, type: string): Record<string, unknown>[] {
  return Object.values(parse(json).resource?.[type] ?? {});
}

/** All data sources of one type, as a list of their bodies. */
export function dataSources(json: string, type: string): Record<string, unknown>[] {
  return Object.values(parse(json).data?.[type] ?? {});
}

/** A synthesized full stack (with backend and provider), parsed. */
export function synthStack(stack: TerraformStack): Synthesized {
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

/**
 * The message synthesis of the stack fails with, or undefined when it succeeds. With `kind`, a
 * failure must be of that error class (a construct's crash is not the refusal under test).
 */
export function synthFailure(
  stack: TerraformStack,
  kind?: abstract new (...args: never[]) => Error,
): string | undefined {
  try {
    Testing.synth(stack);
    return undefined;
  } catch (error) {
    if (kind) expect(error).toBeInstanceOf(kind);
    return (error as Error).message;
  }
}
