/**
 * The override file the offline plan writes next to a copy of each synthesized stack. Terraform
 * merges `*_override.tf.json` over the configuration, so the production JSON keeps its real
 * settings and only the copy is pointed at a loopback S3 server and a provider that calls no AWS.
 */

/** File name; Terraform loads `*_override.tf.json` after everything else. */
export const OVERRIDE_FILE = 'zz_offline_override.tf.json';

export interface OfflineTarget {
  /** Loopback S3 endpoint that plays the state bucket. */
  readonly s3Endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

/** The part of a synthesized stack the overrides depend on. */
export interface StackJson {
  readonly provider?: { readonly aws?: readonly Record<string, unknown>[] };
  readonly terraform?: { readonly backend?: Record<string, Record<string, unknown>> };
  readonly variable?: Record<string, { readonly default?: unknown; readonly type?: string }>;
  readonly data?: {
    readonly terraform_remote_state?: Record<string, { backend: string; config: Record<string, unknown> }>;
  };
}

/** Flags that stop the AWS SDK from asking STS, IMDS or the region list anything. */
const SKIP_AWS_CALLS = {
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
};

export function offlineOverrides(stack: StackJson, target: OfflineTarget): Record<string, unknown> {
  const s3Settings = {
    endpoints: { s3: target.s3Endpoint },
    use_path_style: true,
    access_key: target.accessKey,
    secret_key: target.secretKey,
    ...SKIP_AWS_CALLS,
  };
  const override: Record<string, unknown> = {};

  const providers = stack.provider?.aws ?? [];
  if (providers.length > 0) {
    override.provider = {
      aws: providers.map((provider) => ({
        ...(provider.alias ? { alias: provider.alias } : {}),
        access_key: 'offline-plan',
        secret_key: 'offline-plan',
        ...SKIP_AWS_CALLS,
        // The account cannot be learnt without STS; the real check stays in the real JSON.
        allowed_account_ids: null,
        // A provider that assumes a role keeps it (overriding it away, with a null role_arn, draws
        // a warning that "will be an error in a future release"): the plan's environment points
        // STS at the emulator (AWS_ENDPOINT_URL_STS), which answers for the role the stack names.
        // Not an `endpoints` block: the provider's plugin-framework half took about 3 s of every
        // plan of an environment stack validating that block's few hundred attributes (TF_LOG:
        // PrepareProviderConfig 3221 ms, 300 ms without it; pulumi/pulumi-aws#2880 is the same).
      })),
    };
  }

  // A backend block in an override file replaces the original one whole, so repeat it.
  const s3Backend = stack.terraform?.backend?.s3;
  if (s3Backend) {
    override.terraform = { backend: { s3: { ...s3Backend, ...s3Settings } } };
  }

  const remoteStates = Object.entries(stack.data?.terraform_remote_state ?? {});
  if (remoteStates.length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(
        remoteStates.map(([name, source]) => {
          if (source.backend !== 's3') {
            throw new Error(
              `remote state "${name}" uses backend "${source.backend}"; only s3 is served offline`,
            );
          }
          return [name, { config: { ...source.config, ...s3Settings } }];
        }),
      ),
    };
  }
  return override;
}

/**
 * `-var` arguments for the variables a deploy must pass (those without a default), such as the
 * image tag, set to a placeholder that satisfies a tag-like validation.
 */
export function requiredVariableArgs(stack: StackJson): string[] {
  return Object.entries(stack.variable ?? {})
    .filter(([, spec]) => spec.default === undefined)
    .map(([name]) => `-var=${name}=offline-plan`);
}
