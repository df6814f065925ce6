/** The parts of a synthesized stack (`cdk.tf.json`) the deploy tier reads. */
export interface StackJson {
  readonly provider?: { readonly aws?: readonly AwsProviderJson[] };
  readonly terraform?: { readonly backend?: Record<string, Record<string, unknown>> };
  readonly variable?: Record<string, { readonly default?: unknown }>;
  readonly data?: {
    readonly terraform_remote_state?: Record<string, { backend: string; config: Record<string, unknown> }>;
  };
  readonly resource?: Record<string, Record<string, { readonly lifecycle?: { prevent_destroy?: boolean } }>>;
}

export interface AwsProviderJson {
  readonly alias?: string;
  readonly region?: string;
  readonly allowed_account_ids?: readonly string[];
  readonly [setting: string]: unknown;
}

/** The stack's default AWS provider (the one without an alias). */
export function defaultProvider(stack: StackJson, name: string): AwsProviderJson {
  const provider = stack.provider?.aws?.find((p) => !p.alias);
  if (!provider) throw new Error(`stack ${name} has no default AWS provider`);
  return provider;
}

/** The one account the stack may change (`allowed_account_ids` of its default provider). */
export function accountOf(stack: StackJson, name: string): string {
  const accounts = defaultProvider(stack, name).allowed_account_ids ?? [];
  if (accounts.length !== 1) {
    throw new Error(`stack ${name} must allow exactly one account; it allows ${JSON.stringify(accounts)}`);
  }
  return accounts[0];
}

/** Addresses (`type.name`) of the resources Terraform must refuse to destroy. */
export function protectedResources(stack: StackJson): string[] {
  return Object.entries(stack.resource ?? {})
    .flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([, body]) => body.lifecycle?.prevent_destroy === true)
        .map(([name]) => `${type}.${name}`),
    )
    .sort();
}

/** Variables a deploy must pass (declared without a default), such as the services' image tag. */
export function requiredVariables(stack: StackJson): string[] {
  return Object.entries(stack.variable ?? {})
    .filter(([, spec]) => spec.default === undefined)
    .map(([name]) => name);
}
