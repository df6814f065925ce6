import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExit } from 'signal-exit';

/** The AWS emulator (moto) on loopback, as moto_launcher.py serves it. */
export interface Emulator {
  /** `https://127.0.0.1:<port>`: every AWS API, over TLS. */
  readonly endpoint: string;
  /**
   * `http://127.0.0.1:<port>`: the same accounts and resources over plain HTTP, for showing that a
   * TLS-only bucket policy refuses it, and for tiers that only need an S3 server.
   */
  readonly insecureEndpoint: string;
  /** PEM file of the authority that signed the server certificate (for `AWS_CA_BUNDLE`). */
  readonly caBundle: string;
  stop(): Promise<void>;
}

/** What to run when moto is missing; the deploy tier prints it as its one line. */
export const INSTALL_HINT = 'moto is not installed: pip install "moto[server]" (moto 5.2 or later)';

/** moto is not importable by the Python the launcher runs under. */
export class EmulatorMissingError extends Error {
  constructor(python: string, detail: string) {
    super(`${INSTALL_HINT} [${python}: ${detail}]`);
    this.name = 'EmulatorMissingError';
  }
}

/**
 * Creates a bucket through the plain-HTTP listener, unsigned: moto then files it under its default
 * account, which is also the account of any made-up credentials (the offline plan's, the locking
 * test's). Deploys create their buckets themselves, signed, in the account they deploy to.
 */
export async function createBucket(emulator: Emulator, bucket: string, region: string): Promise<void> {
  const body =
    region === 'us-east-1'
      ? ''
      : `<CreateBucketConfiguration><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`;
  const response = await fetch(`${emulator.insecureEndpoint}/${bucket}`, { method: 'PUT', body });
  if (!response.ok) throw new Error(`creating bucket ${bucket}: ${response.status} ${await response.text()}`);
}

const LAUNCHER = join(__dirname, 'moto_launcher.py');
/** Exit code of the launcher when moto cannot be imported. */
const MOTO_MISSING = 3;

export interface EmulatorOptions {
  /** Where the launcher logs one line per request (time, account, operation, status, duration). */
  readonly logFile?: string;
  /**
   * Where the launcher appends one JSON line per request made with a role's session (account, role,
   * operation, parameters, the state facts its conditions read), for the IAM evaluation.
   * @default - none kept
   */
  readonly requestLog?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Starts moto_launcher.py (moto with this project's emulator gaps filled) as its own process on
 * free loopback ports. The Python is `EMULATOR_PYTHON`, else `python3`. Certificates live in a
 * temporary directory that `stop()` removes, along with every account and resource. Should this
 * process end first (Ctrl-C, SIGTERM), execa stops the emulator and signal-exit removes the
 * directory.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  // Imported, not required: see runCommand in testbed/process/tier-run.ts.
  const { execa } = await import('execa');
  const env = options.env ?? process.env;
  const python = env.EMULATOR_PYTHON ?? 'python3';
  const certDir = mkdtempSync(join(tmpdir(), 'emulator-'));
  const removeCertDir = () => rmSync(certDir, { recursive: true, force: true });
  const removeOnExit = onExit(removeCertDir);
  const requestLog = options.requestLog ? ['--request-log', options.requestLog] : [];
  const child = execa(python, [LAUNCHER, '--cert-dir', certDir, ...requestLog], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Accounts come from credentials; a machine-wide MOTO_ACCOUNT_ID would merge them all.
    env: { ...env, MOTO_ACCOUNT_ID: undefined, PYTHONUNBUFFERED: '1' },
    extendEnv: false,
    // It logs every request: read as it comes (below), never kept whole.
    buffer: false,
    reject: false,
  });
  let stderr = '';
  const log = options.logFile ? createWriteStream(options.logFile) : undefined;
  child.stderr.on('data', (chunk: Buffer) => {
    log?.write(chunk);
    // Keep the tail only, for the error message: the launcher logs every request.
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });

  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      if (child.exitCode !== null || child.signalCode !== null || !child.kill('SIGTERM')) resolve();
    }).then(() => {
      log?.end();
      removeOnExit();
      removeCertDir();
    });

  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      removeOnExit();
      removeCertDir();
      reject(error);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the emulator did not start within 60s:\n${stderr}`));
    }, 60_000);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const ports = JSON.parse(line) as { https: number; http: number; ca: string };
      resolve({
        endpoint: `https://127.0.0.1:${ports.https}`,
        insecureEndpoint: `http://127.0.0.1:${ports.http}`,
        caBundle: ports.ca,
        stop,
      });
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'ENOENT' ? new EmulatorMissingError(python, 'not found') : error),
    );
    child.once('exit', (code) =>
      fail(
        code === MOTO_MISSING
          ? new EmulatorMissingError(python, stderr.trim().split('\n').pop() ?? '')
          : new Error(`the emulator exited with ${code} before listening:\n${stderr}`),
      ),
    );
  });
}
