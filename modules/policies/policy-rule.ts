import type { SynthesizedElement, Attributes } from '../core';

/** What differs between stacks when the security rules are applied. */
export interface PolicyContext {
  /** Production stacks get the stricter data-protection rules (deletion protection, backups). */
  readonly production: boolean;
  /**
   * Name of the bucket that holds Terraform state; it must also be versioned and `prevent_destroy`.
   * @default - no bucket is treated as the state bucket
   */
  readonly stateBucketName?: string;
  /**
   * CI applies the stack: every role it holds is a workload role and must carry a permissions
   * boundary (the CI roles may create no other).
   * @default false
   */
  readonly appliedByCi?: boolean;
}

/** Every resource and data source of the stack being checked, for rules that relate resources. */
export interface StackResources {
  readonly stackName: string;
  readonly all: readonly SynthesizedElement[];
  ofType(type: string): SynthesizedElement[];
  byAddress(address: string): SynthesizedElement | undefined;
}

/**
 * What breaking a rule does. `error` fails synthesis, naming the stack, the resource and the rule.
 * `warning` is printed once when the stack is synthesized and recorded next to the resource in
 * cdk.tf.json (`"//": { "warned_rules": { "<RULE_ID>": "<reason>: <violation>" } }`); synthesis
 * goes on. A warning is for advice a reviewer should see, never for a rule that keeps something
 * safe.
 */
export type Severity = 'error' | 'warning';

export const SEVERITIES: readonly Severity[] = ['error', 'warning'];

export interface PolicyRule {
  /** Stable ID, used in messages and suppressions: `ALB-001`. */
  readonly id: string;
  /** One line: what is required, with the Checkov / Trivy IDs of the same check where they exist. */
  readonly reason: string;
  /** What a violation does: fail synthesis (`error`) or only say so (`warning`). */
  readonly severity: Severity;
  /** Resource types, and `data.<type>` for data sources, the rule looks at. */
  readonly appliesTo: readonly string[];
  /** Returns what is wrong with this element, or undefined when it complies. */
  readonly check: (
    attrs: Attributes,
    ctx: PolicyContext,
    stack: StackResources,
    self: SynthesizedElement,
  ) => string | undefined;
}

/** The problems of one element as one violation text, or undefined when there are none. */
export function joinProblems(problems: readonly string[]): string | undefined {
  return problems.length > 0 ? problems.join('; ') : undefined;
}
