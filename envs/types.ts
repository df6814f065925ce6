/**
 * The shape of the configuration. Plain data only: no constructs, no tokens.
 * `validate()` (envs/validate.ts) checks every value before any construct is built.
 */

/** How private-app subnets reach the internet. */
export type NatMode = 'none' | 'single' | 'per-az';

/** Settings shared by every environment and by the `state` and `shared` stacks. */
export interface ProjectConfig {
  /** Short project name; prefixes every resource name and state key. 2-12 chars, `[a-z0-9-]`. */
  readonly name: string;
  /** AWS region of every stack. */
  readonly region: string;
  /** Name of the S3 bucket that holds every stack's Terraform state. */
  readonly stateBucket: string;
  /** Public apex domain; its Route53 hosted zone lives in the `shared` stack. */
  readonly apexDomain: string;
  /** AWS account of the `state` and `shared` stacks. */
  readonly sharedAccountId: string;
}

/** One environment (dev, stg, prod, ...): one `<env>` stack and one stack per service. */
export interface EnvironmentConfig {
  /** Environment name; part of stack IDs and resource names. 2-8 chars, `[a-z0-9]`. */
  readonly name: string;
  /** AWS account the environment's stacks deploy to. */
  readonly accountId: string;
  /** Retention of the environment's CloudWatch log groups, in days. */
  readonly logRetentionDays: number;
  readonly network: NetworkConfig;
}

export interface NetworkConfig {
  /** VPC IPv4 CIDR, /16 to /24. */
  readonly cidr: string;
  /** Exactly three distinct availability zones of the region. */
  readonly availabilityZones: readonly string[];
  /** NAT for private-app subnets. */
  readonly nat: NatMode;
  /**
   * Interface endpoint service short names (`ecr.api`, `logs`, ...).
   * @default - what ECS tasks need without NAT (modules/network DEFAULT_INTERFACE_ENDPOINTS)
   */
  readonly interfaceEndpoints?: readonly string[];
}
