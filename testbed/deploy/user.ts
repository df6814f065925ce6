import type { Emulator } from '../emulator/moto';
import { withTestTierGc } from '../plan/terraform-cli';

/**
 * The environment a user has when following the README against the emulator: the standard AWS
 * variables point every SDK client at it and trust its CA; nothing of the machine's AWS or
 * Terraform settings leaks in. STS needs its own variable: Terraform's credential chain builds the
 * STS client that assumes a profile's role without reading `AWS_ENDPOINT_URL`.
 */
export function userEnvironment(
  env: NodeJS.ProcessEnv,
  emulator: Emulator,
  cliConfig: string,
): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(env).filter(([key]) => !/^(AWS_|TF_)/.test(key) || key === 'TF_PROVIDER_MIRROR'),
  );
  return {
    ...withTestTierGc(clean),
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_ENDPOINT_URL_STS: emulator.endpoint,
    AWS_CA_BUNDLE: emulator.caBundle,
    AWS_EC2_METADATA_DISABLED: 'true',
    TF_CLI_CONFIG_FILE: cliConfig,
    // cdktf points Terraform at a machine-wide plugin cache, which Terraform documents as unsafe
    // for concurrent `init` (seen here: "mkdir .../plugin-cache/...: file exists"). The mirror is
    // an unpacked directory, so without the cache init links the provider from it directly.
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: 'true',
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    FORCE_COLOR: '0',
  };
}

/**
 * The flags the README's `npm run deploy|destroy -- <stack> ...` carries for a stack: a stack that
 * reads others is deployed on its own, after them, so cdktf must not insist on deploying them too
 * (and a destroy, likewise, on the stacks that read it); required variables are passed.
 */
export function userFlags(
  verb: 'deploy' | 'destroy',
  readsOtherStacks: boolean,
  variables: readonly string[],
  value: string,
): string[] {
  return [
    ...(verb === 'destroy' || readsOtherStacks ? ['--ignore-missing-stack-dependencies'] : []),
    ...variables.map((v) => `--var=${v}=${value}`),
  ];
}

/**
 * What the tier adds to the README's command, as a person would at the keyboard: approve, and act
 * on the synth already written (which carries the emulator override). `--skip-provider-lock`: cdktf
 * would ask the registry for other platforms' checksums, which an offline machine cannot reach; the
 * provider itself comes from the mirror.
 */
export const HARNESS_FLAGS = ['--skip-synth', '--skip-provider-lock', '--auto-approve', '--no-color'];
