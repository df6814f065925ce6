import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoopbackS3 {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Access key and secret s3rver accepts. */
  readonly credentials: { readonly accessKey: string; readonly secretKey: string };
  stop(): Promise<void>;
}

export interface LoopbackS3Options {
  /**
   * Answer `If-None-Match: *` / `If-Match` PUTs the way S3 does. Only the locking test turns this
   * off, to show that plain s3rver would let two runs hold the state lock at once.
   * @default true
   */
  readonly conditionalWrites?: boolean;
}

/**
 * Starts s3rver, an S3-compatible server, behind a front that honours conditional writes (which
 * Terraform's `use_lockfile` locking needs; see locking-s3-server.cjs), as its own process on a
 * free loopback port with the given buckets, storing objects in a temporary directory removed on
 * stop. A separate process because s3rver's dependencies do not load under tsx's module-sync
 * resolution, and because a real server should not share the harness's event loop.
 */
export function startLoopbackS3(
  buckets: readonly string[],
  options: LoopbackS3Options = {},
): Promise<LoopbackS3> {
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  const bin = join(__dirname, 'locking-s3-server.cjs');
  const args = [bin, '--directory', directory, '--address', '127.0.0.1', '--port', '0', '--silent'];
  for (const bucket of buckets) args.push('--configure-bucket', bucket);
  if (options.conditionalWrites === false) args.push('--no-conditional-writes');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });

  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      if (child.exitCode !== null || !child.kill('SIGTERM')) resolve();
    }).then(() => rmSync(directory, { recursive: true, force: true }));

  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`s3rver did not start within 15s:\n${output}`));
    }, 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          endpoint: `http://127.0.0.1:${match[1]}`,
          credentials: { accessKey: 'S3RVER', secretKey: 'S3RVER' },
          stop,
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code} before listening:\n${output}`));
    });
  });
}
