import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBucket, startEmulator, type Emulator } from '../../testbed/emulator/moto';
import { writeCliConfig } from '../../testbed/plan/terraform-cli';

/**
 * `npm run state` against a real S3 API (the emulator, versioned like the state bucket) and real
 * Terraform: a stack applied twice, its state then overwritten by a broken write, is restored to
 * the last good version and plans with no change; a restore is refused while the stack is locked,
 * and `unlock` lifts a lock a lost run left.
 */
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../..');
const BUCKET = 'state-restore';
const REGION = 'ap-northeast-1';
const KEY = 'webapp/123456789012/dev.tfstate';

let emulator: Emulator;
let work: string;
let env: NodeJS.ProcessEnv;
const stackDir = () => join(work, 'out', 'stacks', 'dev');

/** A stack with one built-in resource (no provider to install), its input `value`. */
function writeStack(value: string): void {
  mkdirSync(stackDir(), { recursive: true });
  writeFileSync(
    join(stackDir(), 'cdk.tf.json'),
    JSON.stringify({
      terraform: {
        backend: {
          s3: {
            bucket: BUCKET,
            key: KEY,
            region: REGION,
            use_lockfile: true,
            encrypt: true,
            use_path_style: true,
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
            skip_region_validation: true,
          },
        },
      },
      resource: { terraform_data: { setting: { input: value } } },
    }),
  );
}

const tf = (...args: string[]) => spawnSync('terraform', args, { cwd: stackDir(), env, encoding: 'utf8' });
const aws = (...args: string[]) =>
  execFileSync('aws', ['--region', REGION, '--output', 'json', ...args], { env, encoding: 'utf8' });
const state = (...args: string[]) =>
  spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/state.ts'), ...args], {
    env,
    encoding: 'utf8',
  });

beforeAll(async () => {
  emulator = await startEmulator();
  await createBucket(emulator, BUCKET, REGION);
  work = mkdtempSync(join(tmpdir(), 'state-command-'));
  writeFileSync(join(work, 'aws-config'), '[default]\ns3 =\n  addressing_style = path\n');
  env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|TF_)/.test(key))),
    AWS_ACCESS_KEY_ID: 'state-command',
    AWS_SECRET_ACCESS_KEY: 'state-command',
    AWS_ENDPOINT_URL: emulator.insecureEndpoint,
    AWS_CONFIG_FILE: join(work, 'aws-config'),
    TF_CLI_CONFIG_FILE: writeCliConfig(join(work, 'terraform.rc'), undefined),
    CDKTF_OUTDIR: join(work, 'out'),
    CHECKPOINT_DISABLE: '1',
  };
  aws('s3api', 'put-bucket-versioning', '--bucket', BUCKET, '--versioning-configuration', 'Status=Enabled');
});
afterAll(async () => {
  await emulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a broken state is restored to the last good version, which plans with no change', () => {
  // GIVEN the stack applied twice (two good versions), then its state overwritten by a bad write
  writeStack('first');
  expect(tf('init', '-input=false').status).toBe(0);
  expect(tf('apply', '-auto-approve', '-input=false').status).toBe(0);
  writeStack('second');
  expect(tf('apply', '-auto-approve', '-input=false').status).toBe(0);
  writeFileSync(join(work, 'broken'), '{"version": 4, "truncated');
  aws('s3api', 'put-object', '--bucket', BUCKET, '--key', KEY, '--body', join(work, 'broken'));
  expect(tf('plan', '-input=false').status).not.toBe(0);

  // WHEN the versions are listed THEN the broken one is the latest, the two applies below it
  const versions = state('versions', 'dev');
  expect(versions.status).toBe(0);
  const lines = versions.stdout.trim().split('\n').slice(1);
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/not a state\s+\(latest\)$/);

  // WHEN the default version is restored
  const restored = state('restore', 'dev');
  expect({ status: restored.status, stderr: restored.stderr }).toEqual({ status: 0, stderr: '' });
  expect(restored.stdout).toMatch(/^Restored dev's state to version \S+ \(serial \d+/);

  // THEN the code and the restored state agree: the second apply's state, no change to plan
  expect(tf('plan', '-input=false', '-detailed-exitcode').status).toBe(0);
});

test('a restore is refused while the stack is locked, and unlock lifts a lock a lost run left', () => {
  // GIVEN the lock object a killed run leaves next to the state
  writeFileSync(
    join(work, 'lock'),
    JSON.stringify({ ID: 'e8c3a1f0-lost-run', Operation: 'OperationTypeApply' }),
  );
  aws('s3api', 'put-object', '--bucket', BUCKET, '--key', `${KEY}.tflock`, '--body', join(work, 'lock'));

  // WHEN a restore is asked THEN it is refused, saying how to unlock, and nothing is written
  const before = aws('s3api', 'list-object-versions', '--bucket', BUCKET, '--prefix', KEY);
  const refused = state('restore', 'dev');
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain('is locked (lock ID e8c3a1f0-lost-run)');
  expect(refused.stderr).toContain('npm run state -- unlock dev e8c3a1f0-lost-run');
  expect(aws('s3api', 'list-object-versions', '--bucket', BUCKET, '--prefix', KEY)).toBe(before);

  // WHEN the lock is lifted THEN Terraform can take it again
  expect(state('unlock', 'dev', 'e8c3a1f0-lost-run').status).toBe(0);
  expect(tf('plan', '-input=false', '-detailed-exitcode').status).toBe(0);
});
