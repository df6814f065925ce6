import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LimitExceededError, QUOTAS, measureStack } from '../../modules/limits';
import { OVERRIDE_FILE, offlineOverrides, type StackJson } from '../../testbed/plan/overrides';
import { findProviderMirror, terraform, writeCliConfig } from '../../testbed/plan/terraform-cli';
import { generatedApp } from '../../testbed/bench/generated-environments';

/**
 * A platform team at 50 environments, each in its own account: the whole app synthesizes with
 * every stack inside every AWS limit the limits check knows, and the `state` stack, whose bucket
 * policy names every environment account, plans offline with real Terraform and the AWS provider
 * (from the filesystem mirror when the machine has one).
 */
jest.setTimeout(600_000);

const ENVIRONMENTS = 50;

describe(`${ENVIRONMENTS} generated environments, the whole app`, () => {
  const work = mkdtempSync(join(tmpdir(), 'fifty-environments-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const outdir = join(work, 'cdktf.out');
  const built = generatedApp(ENVIRONMENTS, outdir);

  test('every stack synthesizes within every AWS limit', () => {
    // The limits check runs in every stack during synth and throws on the first stack over a limit.
    let error: unknown;
    try {
      built.app.synth();
    } catch (e) {
      error = e;
    }
    expect(error instanceof LimitExceededError ? error.message : error).toBeUndefined();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, unknown>;
    };
    // state, shared, an administrator stack per account (the shipped one and each generated
    // environment's own), and each environment with its two services
    expect(Object.keys(manifest.stacks)).toHaveLength(2 + 1 + ENVIRONMENTS + ENVIRONMENTS * 3);
    const policy = measureStack(built.state).find((f) => f.quota === QUOTAS.s3BucketPolicy)!;
    expect('size' in policy.measurement && policy.measurement.size).toBeLessThan(20 * 1024);
  });

  test('the state stack plans offline', async () => {
    // GIVEN the synthesized state stack, copied three levels down (its local backend path climbs
    // three levels, which keeps it inside the work directory) with the offline override beside it
    const json = JSON.parse(readFileSync(join(outdir, 'stacks/state/cdk.tf.json'), 'utf8')) as StackJson;
    const dir = join(work, 'plan/stacks/state');
    mkdirSync(dir, { recursive: true });
    cpSync(join(outdir, 'stacks/state'), dir, { recursive: true });
    const target = { s3Endpoint: 'http://127.0.0.1:9', accessKey: 'offline-plan', secretKey: 'offline-plan' };
    writeFileSync(join(dir, OVERRIDE_FILE), JSON.stringify(offlineOverrides(json, target), null, 2));
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|TF_)/.test(key))),
      TF_CLI_CONFIG_FILE: writeCliConfig(join(work, 'terraform.rc'), findProviderMirror()),
    };
    // WHEN Terraform initializes and plans it
    const init = await terraform(dir, ['init', '-input=false', '-no-color'], env);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const plan = await terraform(dir, ['plan', '-input=false', '-no-color', '-lock=false'], env);
    // THEN it plans the bucket, its policy and the rest, and nothing fails
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/# aws_s3_bucket_policy\.state-bucket_store_policy_\w+ will be created/);
    expect(plan.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
  });
});
