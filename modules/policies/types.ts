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

/** A block body as it appears in cdk.tf.json: snake_case keys, references as `${...}` strings. */
export type Attributes = Readonly<Record<string, unknown>>;

/** One resource or data source of a stack, as synthesized. */
export interface SynthesizedElement {
  /** The resource type, or `data.<type>` for a data source (the keys of `appliesTo`). */
  readonly type: string;
  /** Terraform address: `aws_vpc.network_vpc_1A2B3C4D` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  /** Construct path, e.g. `dev/network/vpc`. */
  readonly path: string;
  readonly attrs: Attributes;
}

/** Every resource and data source of the stack being checked, for rules that relate resources. */
export interface StackResources {
  readonly stackName: string;
  readonly all: readonly SynthesizedElement[];
  ofType(type: string): SynthesizedElement[];
  byAddress(address: string): SynthesizedElement | undefined;
}

export interface PolicyRule {
  /** Stable ID, used in messages and suppressions: `ALB-001`. */
  readonly id: string;
  /** One line: what is required, with the Checkov / Trivy IDs of the same check where they exist. */
  readonly reason: string;
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
