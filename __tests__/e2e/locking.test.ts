import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackS3, type LoopbackS3 } from '../../scripts/plan/loopback-s3';
import { terraform, writeCliConfig, type TerraformResult } from '../../scripts/plan/terraform-cli';

jest.setTimeout(60_000);

interface Response {
  readonly status: number;
  readonly body: string;
}

/**
 * An anonymous request (s3rver checks signatures only when one is sent). With `slowBody` the body
 * goes out in two halves 50 ms apart, which keeps a write in flight while rival requests arrive.
 */
function send(
  endpoint: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string; slowBody?: boolean } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(options.body ?? '');
    const req = httpRequest(
      `${endpoint}${path}`,
      { method, agent: false, headers: { ...options.headers, 'Content-Length': body.length } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    if (options.slowBody) {
      req.write(body.subarray(0, body.length >> 1));
      setTimeout(() => req.end(body.subarray(body.length >> 1)), 50);
    } else {
      req.end(body);
    }
  });
}

const createOnly = { 'If-None-Match': '*' };

describe('locking S3 server: conditional writes', () => {
  let s3: LoopbackS3;
  beforeAll(async () => {
    s3 = await startLoopbackS3(['locks']);
  });
  afterAll(() => s3?.stop());

  test('of racing If-None-Match PUTs of one key exactly one wins, and its body is what is stored', async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => `holder-${i}`);
    const responses = await Promise.all(
      bodies.map((body) =>
        send(s3.endpoint, 'PUT', '/locks/race/k.tflock', { headers: createOnly, body, slowBody: true }),
      ),
    );

    expect(responses.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    const winner = bodies[responses.findIndex((r) => r.status === 200)];
    expect((await send(s3.endpoint, 'GET', '/locks/race/k.tflock')).body).toBe(winner);
  });

  test('an If-None-Match PUT to an existing key is refused with an S3 PreconditionFailed error', async () => {
    expect(
      (await send(s3.endpoint, 'PUT', '/locks/taken', { headers: createOnly, body: 'first' })).status,
    ).toBe(200);

    const refused = await send(s3.endpoint, 'PUT', '/locks/taken', { headers: createOnly, body: 'second' });

    expect(refused.status).toBe(412);
    expect(refused.body).toContain('<Error><Code>PreconditionFailed</Code>');
    expect((await send(s3.endpoint, 'GET', '/locks/taken')).body).toBe('first');
  });

  test('an unconditional PUT still overwrites', async () => {
    await send(s3.endpoint, 'PUT', '/locks/plain', { body: 'old' });

    expect((await send(s3.endpoint, 'PUT', '/locks/plain', { body: 'new' })).status).toBe(200);
    expect((await send(s3.endpoint, 'GET', '/locks/plain')).body).toBe('new');
  });

  test('an If-Match PUT writes only over the ETag it names', async () => {
    await send(s3.endpoint, 'PUT', '/locks/versioned', { body: 'v1' });
    const etag = `"${createHash('md5').update('v1').digest('hex')}"`;

    const stale = await send(s3.endpoint, 'PUT', '/locks/versioned', {
      headers: { 'If-Match': '"00000000000000000000000000000000"' },
      body: 'v2',
    });
    const current = await send(s3.endpoint, 'PUT', '/locks/versioned', {
      headers: { 'If-Match': etag },
      body: 'v2',
    });

    expect(stale.status).toBe(412);
    expect(current.status).toBe(200);
    expect((await send(s3.endpoint, 'GET', '/locks/versioned')).body).toBe('v2');
  });
});

const STATE_KEY = 'locking/test.tfstate';

/** A configuration whose apply holds the state lock until the test creates `releaseFile`. */
function lockingConfig(s3: LoopbackS3, releaseFile: string): object {
  // Bounded, so a failed test cannot leave Terraform waiting for ever.
  const waitForRelease = `for i in $(seq 600); do [ -e '${releaseFile}' ] && exit 0; sleep 0.1; done; exit 1`;
  return {
    terraform: {
      backend: {
        s3: {
          bucket: 'locks',
          key: STATE_KEY,
          region: 'us-east-1',
          use_lockfile: true,
          endpoints: { s3: s3.endpoint },
          use_path_style: true,
          access_key: s3.credentials.accessKey,
          secret_key: s3.credentials.secretKey,
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
        },
      },
    },
    resource: {
      terraform_data: {
        hold: {
          provisioner: [{ 'local-exec': { command: waitForRelease, interpreter: ['/bin/sh', '-c'] } }],
        },
      },
    },
  };
}

interface LockRace {
  /** The `.tflock` object as the server held it while the first run was blocked. */
  readonly lockObject: string;
  readonly first: TerraformResult;
  readonly second: TerraformResult;
  readonly third: TerraformResult;
  /** Status of a GET of the `.tflock` object after all runs ended. */
  readonly lockAfter: number;
}

/**
 * Two working directories on one backend, like two operators. The first applies and blocks inside
 * its provisioner, that is, while holding the lock; once the lock object is visible on the server
 * the second plans with no lock wait; then the first is released and a third plan runs.
 */
async function raceForTheLock(conditionalWrites: boolean): Promise<LockRace> {
  const work = mkdtempSync(join(tmpdir(), 'locking-'));
  const releaseFile = join(work, 'release');
  const s3 = await startLoopbackS3(['locks'], { conditionalWrites });
  let first: Promise<TerraformResult> | undefined;
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TF_CLI_CONFIG_FILE: writeCliConfig(join(work, 'terraform.rc'), undefined),
    };
    for (const name of [
      'AWS_PROFILE',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'TF_DATA_DIR',
    ]) {
      delete env[name];
    }
    const [a, b] = ['a', 'b'].map((name) => {
      const dir = join(work, name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(lockingConfig(s3, releaseFile), null, 2));
      return dir;
    });
    for (const dir of [a, b]) {
      const init = await terraform(dir, ['init', '-input=false', '-no-color'], env);
      expect(init).toMatchObject({ code: 0 });
    }

    first = terraform(a, ['apply', '-auto-approve', '-input=false', '-no-color'], env);
    let firstEnded = false;
    void first.then(() => (firstEnded = true));
    const lockPath = `/locks/${STATE_KEY}.tflock`;
    let lock = await send(s3.endpoint, 'GET', lockPath);
    for (
      const deadline = Date.now() + 30_000;
      lock.status !== 200;
      lock = await send(s3.endpoint, 'GET', lockPath)
    ) {
      if (firstEnded)
        throw new Error(`the first apply ended before taking the lock:\n${(await first).stderr}`);
      if (Date.now() > deadline) throw new Error('the first apply did not take the lock within 30s');
      await new Promise((r) => setTimeout(r, 100));
    }

    const second = await terraform(b, ['plan', '-lock-timeout=0s', '-input=false', '-no-color'], env);
    writeFileSync(releaseFile, '');
    const firstResult = await first;
    const third = await terraform(b, ['plan', '-lock-timeout=0s', '-input=false', '-no-color'], env);
    const lockAfter = (await send(s3.endpoint, 'GET', lockPath)).status;
    return { lockObject: lock.body, first: firstResult, second, third, lockAfter };
  } finally {
    writeFileSync(releaseFile, '');
    await first?.catch(() => undefined);
    await s3.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

describe('terraform state locking with use_lockfile on the loopback server', () => {
  test('a second run is refused while the first holds the lock, and plans once it is released', async () => {
    const race = await raceForTheLock(true);
    const holder = JSON.parse(race.lockObject) as { ID: string; Operation: string };

    expect(holder.Operation).toBe('OperationTypeApply');
    expect(race.second.code).not.toBe(0);
    expect(race.second.stderr).toContain('Error acquiring the state lock');
    expect(race.second.stderr).toContain('PreconditionFailed');
    expect(race.second.stderr).toMatch(new RegExp(`ID:\\s+${holder.ID}`));
    expect(race.second.stderr).toMatch(/Operation:\s+OperationTypeApply/);

    expect(race.first).toMatchObject({ code: 0 });
    expect(race.third).toMatchObject({ code: 0 });
    expect(race.third.stdout).toContain('No changes.');
    expect(race.lockAfter).toBe(404);
  });

  test('without conditional writes (plain s3rver) the second run is NOT refused', async () => {
    const race = await raceForTheLock(false);

    expect(race.second.stderr).not.toContain('Error acquiring the state lock');
    expect(race.second).toMatchObject({ code: 0 });
    // The second run overwrote the first's lock and deleted it on exit, so the first cannot release it.
    expect(race.first.stderr).toContain('Error releasing the state lock');
  });
});
