import type { StackJson } from './stack-json';

/**
 * The one file the deploy tier adds to each synthesized stack before deploying it to the emulator.
 * Terraform merges `*_override.tf.json` over the configuration, so `cdk.tf.json` stays exactly as
 * synthesized: credentials, accounts, endpoints and the CA come from the standard AWS environment
 * variables, and only what no environment variable can say is here.
 */
export const EMULATOR_OVERRIDE_FILE = 'zz_emulator_override.tf.json';

/**
 * S3 path-style addressing, for the AWS provider, the S3 backend and every `terraform_remote_state`.
 * S3 clients address a bucket as the host `<bucket>.s3.<region>.amazonaws.com`; behind a single
 * loopback endpoint (`https://127.0.0.1:<port>`) the bucket must go in the path instead, and neither
 * the provider nor the backend reads that choice from the environment.
 */
export function emulatorOverride(stack: StackJson): Record<string, unknown> {
  const override: Record<string, unknown> = {};

  const providers = stack.provider?.aws ?? [];
  if (providers.length > 0) {
    override.provider = {
      aws: providers.map((provider) => ({
        ...(provider.alias ? { alias: provider.alias } : {}),
        s3_use_path_style: true,
      })),
    };
  }

  // A backend block in an override file replaces the original whole, so it is repeated.
  const s3Backend = stack.terraform?.backend?.s3;
  if (s3Backend) override.terraform = { backend: { s3: { ...s3Backend, use_path_style: true } } };

  const remoteStates = Object.entries(stack.data?.terraform_remote_state ?? {});
  if (remoteStates.length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(
        remoteStates.map(([name, source]) => [name, { config: { ...source.config, use_path_style: true } }]),
      ),
    };
  }
  return override;
}
