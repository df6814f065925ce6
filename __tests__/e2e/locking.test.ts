import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBucket, startEmulator, type Emulator } from '../../testbed/emulator/moto';
import { terraform, writeCliConfig, type TerraformResult } from '../../testbed/plan/terraform-cli';

/**
 * State locking with `use_lockfile`, proven with real Terraform against the AWS emulator, which
 * answers a conditional PUT (`If-None-Match: *`) of an existing object with 412 as S3 does. The
 * holder signals from inside its apply, so no test code reads the bucket or races Terraform for it.
 */
jest.setTimeout(120_000);

const BUCKET = 'locks';
const REGION = 'ap-northeast-1';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
  await createBucket(emulator, BUCKET, REGION);
});
afterAll(() => emulator?.stop());

/** A configuration whose apply, while holding the state lock, creates `heldFile` and waits for `releaseFile`. */
function lockingConfig(
  stateKey: string,
  useLockfile: boolean,
  heldFile: string,
  releaseFile: string,
): object {
  // Bounded, so a failed test cannot leave Terraform waiting for ever.
  const hold = `touch '${heldFile}'; for i in $(seq 900); do [ -e '${releaseFile}' ] && exit 0; sleep 0.1; done; exit 1`;
  return {
    terraform: {
      backend: {
        s3: {
          bucket: BUCKET,
          key: stateKey,
          region: REGION,
          use_lockfile: useLockfile,
          endpoints: { s3: emulator.insecureEndpoint },
          use_path_style: true,
          access_key: 'locking-test',
          secret_key: 'locking-test',
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
        },
      },
    },
    resource: {
      terraform_data: {
        hold: { provisioner: [{ 'local-exec': { command: hold, interpreter: ['/bin/sh', '-c'] } }] },
      },
    },
  };
}

interface LockRace {
  readonly first: TerraformResult;
  readonly second: TerraformResult;
  readonly third: TerraformResult;
}

/**
 * Two working directories on one state, like two operators. The first applies and blocks inside
 * its provisioner, that is, after taking the lock (each race has its own state, so the apply has
 * work to do); then the second plans without waiting for a
 * lock; then the first is released and the second plans again.
 */
async function raceForTheLock(stateKey: string, useLockfile: boolean): Promise<LockRace> {
  const work = mkdtempSync(join(tmpdir(), 'locking-'));
  const heldFile = join(work, 'held');
  const releaseFile = join(work, 'release');
  let first: Promise<TerraformResult> | undefined;
  try {
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|TF_)/.test(key))),
      TF_CLI_CONFIG_FILE: writeCliConfig(join(work, 'terraform.rc'), undefined),
    };
    const [a, b] = ['a', 'b'].map((name) => {
      const dir = join(work, name);
      mkdirSync(dir);
      writeFileSync(
        join(dir, 'main.tf.json'),
        JSON.stringify(lockingConfig(stateKey, useLockfile, heldFile, releaseFile)),
      );
      return dir;
    });
    for (const dir of [a, b]) {
      expect(await terraform(dir, ['init', '-input=false', '-no-color'], env)).toMatchObject({ code: 0 });
    }

    first = terraform(a, ['apply', '-auto-approve', '-input=false', '-no-color'], env);
    let firstEnded = false;
    void first.then(() => (firstEnded = true));
    for (const deadline = Date.now() + 60_000; !existsSync(heldFile); ) {
      if (firstEnded) throw new Error(`the first apply ended before holding:\n${(await first).stderr}`);
      if (Date.now() > deadline) throw new Error('the first apply did not start its provisioner within 60s');
      await new Promise((r) => setTimeout(r, 100));
    }

    const second = await terraform(b, ['plan', '-lock-timeout=0s', '-input=false', '-no-color'], env);
    writeFileSync(releaseFile, '');
    const firstResult = await first;
    const third = await terraform(b, ['plan', '-lock-timeout=0s', '-input=false', '-no-color'], env);
    return { first: firstResult, second, third };
  } finally {
    writeFileSync(releaseFile, '');
    await first?.catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

describe('terraform state locking with use_lockfile on the AWS emulator', () => {
  test('a second run is refused while the first holds the lock, and plans once it is released', async () => {
    const race = await raceForTheLock('locking/with-lockfile.tfstate', true);

    expect(race.second.code).not.toBe(0);
    expect(race.second.stderr).toContain('Error acquiring the state lock');
    expect(race.second.stderr).toContain('PreconditionFailed');
    expect(race.second.stderr).toMatch(/ID:\s+[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(race.second.stderr).toMatch(/Operation:\s+OperationTypeApply/);
    expect(race.second.stderr).toContain(`${BUCKET}/locking/with-lockfile.tfstate`);

    expect(race.first).toMatchObject({ code: 0 });
    expect(race.third).toMatchObject({ code: 0 });
    expect(race.third.stdout).toContain('No changes.');
  });

  test('without use_lockfile the same second run is not refused: the refusal above is the lock file', async () => {
    const race = await raceForTheLock('locking/without-lockfile.tfstate', false);

    expect(race.second.stderr).not.toContain('Error acquiring the state lock');
    expect(race.second).toMatchObject({ code: 0 });
    expect(race.first).toMatchObject({ code: 0 });
  });
});
