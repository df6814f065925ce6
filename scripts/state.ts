/**
 * `npm run state -- <command> <stack> ...`: recovering a stack's remote state (docs/recovery.md).
 *
 *   versions <stack>                   the state's versions in the bucket, newest first: version
 *                                      ID, time, Terraform serial, resources
 *   restore <stack> [--version <id>]   writes a previous version back (by default the one before
 *                                      the latest), refused while the stack is locked
 *   unlock <stack> <lock-id>           removes the lock a run that is gone left behind (the ID is
 *                                      in the error of the next run that could not take it)
 *
 * Acts on the stack as last synthesized (`cdktf.out/stacks/<stack>`, or under CDKTF_OUTDIR as cdktf
 * reads it), whose backend names the bucket and key, with the credentials in the environment, as
 * `npm run deploy` does. The bucket is versioned (the `state` stack), so every write Terraform made
 * is still there.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseOptions, stringValue } from './options';
import { terraformEnv } from './terraform-env';

const ROOT = resolve(__dirname, '..');

/** Where a stack keeps its state: its synthesized S3 backend. */
export interface StateLocation {
  readonly stack: string;
  readonly directory: string;
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /** The backend's `encrypt`: objects are written with SSE-S3. */
  readonly encrypt: boolean;
}

/** One version of a state object, with what Terraform wrote in it. */
export interface StateVersion {
  readonly versionId: string;
  readonly lastModified: string;
  readonly isLatest: boolean;
  readonly serial?: number;
  readonly lineage?: string;
  readonly resources?: number;
}

/** Thrown for what the user must change; printed as the message alone. */
export class StateCommandError extends Error {}

/** The backend of a synthesized stack; refuses a stack that does not exist or keeps local state. */
export function stateLocation(
  stack: string,
  outDir = process.env.CDKTF_OUTDIR ?? join(ROOT, 'cdktf.out'),
): StateLocation {
  const directory = join(outDir, 'stacks', stack);
  const file = join(directory, 'cdk.tf.json');
  if (!existsSync(file)) {
    throw new StateCommandError(`No synthesized stack "${stack}" in ${outDir}: run npm run synth first.`);
  }
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    terraform?: { backend?: { s3?: { bucket: string; key: string; region: string; encrypt?: boolean } } };
  };
  const s3 = json.terraform?.backend?.s3;
  if (!s3) {
    throw new StateCommandError(
      `Stack "${stack}" keeps its state in a local file, not in the bucket: restore that file from git.`,
    );
  }
  return {
    stack,
    directory,
    bucket: s3.bucket,
    key: s3.key,
    region: s3.region,
    encrypt: s3.encrypt === true,
  };
}

/**
 * The version `restore` writes back: the one asked for, else the newest that is not the latest.
 * Refuses an unknown ID, the latest itself, and a version of another state (its lineage differs
 * from the latest's: Terraform would refuse to plan with it, or worse, accept it for this stack).
 */
export function chooseVersion(versions: readonly StateVersion[], asked?: string): StateVersion {
  const latest = versions.find((v) => v.isLatest);
  const chosen = asked ? versions.find((v) => v.versionId === asked) : versions.find((v) => !v.isLatest);
  if (!chosen) {
    throw new StateCommandError(
      asked
        ? `No version ${asked} of this state (npm run state -- versions <stack> lists them).`
        : 'This state has no earlier version to restore.',
    );
  }
  if (chosen.isLatest) throw new StateCommandError(`Version ${chosen.versionId} is already the latest.`);
  if (chosen.lineage === undefined) {
    throw new StateCommandError(`Version ${chosen.versionId} is not a Terraform state; choose another.`);
  }
  if (latest?.lineage !== undefined && chosen.lineage !== latest.lineage) {
    throw new StateCommandError(
      `Version ${chosen.versionId} belongs to another state (lineage ${chosen.lineage}, the latest has ${latest.lineage}).`,
    );
  }
  return chosen;
}

function aws(location: StateLocation, args: readonly string[]): string {
  return execFileSync('aws', ['--region', location.region, '--output', 'json', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** What a state version holds, or nothing when it is not a Terraform state (a broken write). */
function describeState(text: string): Pick<StateVersion, 'serial' | 'lineage' | 'resources'> {
  try {
    const state = JSON.parse(text) as { serial?: unknown; lineage?: unknown; resources?: unknown[] };
    if (typeof state.serial !== 'number' || typeof state.lineage !== 'string') return {};
    return { serial: state.serial, lineage: state.lineage, resources: state.resources?.length ?? 0 };
  } catch {
    return {};
  }
}

function download(location: StateLocation, versionId: string, file: string): string {
  aws(location, [
    's3api',
    'get-object',
    '--bucket',
    location.bucket,
    '--key',
    location.key,
    '--version-id',
    versionId,
    file,
  ]);
  return readFileSync(file, 'utf8');
}

/** Every version of the state object, newest first, each read for its serial and lineage. */
export function stateVersions(location: StateLocation): StateVersion[] {
  const listed = JSON.parse(
    aws(location, ['s3api', 'list-object-versions', '--bucket', location.bucket, '--prefix', location.key]),
  ) as { Versions?: { Key: string; VersionId: string; LastModified: string; IsLatest: boolean }[] };
  const dir = mkdtempSync(join(tmpdir(), 'state-versions-'));
  try {
    return (listed.Versions ?? [])
      .filter((v) => v.Key === location.key)
      .sort((a, b) => b.LastModified.localeCompare(a.LastModified))
      .map((v) => ({
        versionId: v.VersionId,
        lastModified: v.LastModified,
        isLatest: v.IsLatest,
        ...describeState(download(location, v.VersionId, join(dir, 'state.json'))),
      }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lock Terraform's S3 backend keeps next to the state (`use_lockfile`), if one is held. */
export function heldLock(location: StateLocation): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'state-lock-'));
  try {
    aws(location, [
      's3api',
      'get-object',
      '--bucket',
      location.bucket,
      '--key',
      `${location.key}.tflock`,
      join(dir, 'lock'),
    ]);
    const lock = JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')) as { ID?: string };
    return lock.ID ?? '(unreadable lock)';
  } catch (error) {
    if (/NoSuchKey|Not Found|404/.test(String((error as { stderr?: string }).stderr ?? error)))
      return undefined;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function terraform(location: StateLocation, args: readonly string[]): void {
  const env = terraformEnv();
  if (!existsSync(join(location.directory, '.terraform'))) {
    execFileSync('terraform', ['init', '-input=false', '-lockfile=readonly'], {
      cwd: location.directory,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  execFileSync('terraform', args, { cwd: location.directory, env, stdio: 'inherit' });
}

function printVersions(versions: readonly StateVersion[]): void {
  console.log('version ID                            written                   serial  resources');
  for (const v of versions) {
    const serial = v.serial === undefined ? 'not a state' : String(v.serial);
    console.log(
      `${v.versionId.padEnd(37)} ${v.lastModified.padEnd(25)} ${serial.padStart(6)}  ${v.resources ?? ''}${v.isLatest ? '  (latest)' : ''}`,
    );
  }
}

/**
 * Writes the chosen version back: S3 copies it over the state object, byte for byte (Terraform's
 * `state push` cannot: it reads the current state first, and a broken one stops it). Holds the
 * stack's lock meanwhile, taken as Terraform takes it (the lock object, created only if absent),
 * so that no run writes the state while it is being restored, and none is overwritten.
 */
function restore(location: StateLocation, asked: string | undefined): void {
  const release = takeLock(location, `npm run state -- restore ${location.stack}`);
  let chosen: StateVersion;
  try {
    chosen = chooseVersion(stateVersions(location), asked);
    aws(location, [
      's3api',
      'copy-object',
      '--bucket',
      location.bucket,
      '--key',
      location.key,
      '--copy-source',
      `${location.bucket}/${location.key}?versionId=${chosen.versionId}`,
      ...(location.encrypt ? ['--server-side-encryption', 'AES256'] : []),
    ]);
  } finally {
    release();
  }
  console.log(
    `Restored ${location.stack}'s state to version ${chosen.versionId} (serial ${chosen.serial}, ${chosen.lastModified}).` +
      ` Plan it (npm run diff -- ${location.stack}) before the next apply.`,
  );
}

/**
 * Takes the stack's lock as Terraform's S3 backend does (`use_lockfile`: `<key>.tflock`, written
 * only if no object is there), or refuses naming the lock that is held and how to lift it.
 */
function takeLock(location: StateLocation, operation: string): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'state-lock-'));
  const id = randomUUID();
  const lockKey = `${location.key}.tflock`;
  try {
    const info = {
      ID: id,
      Operation: operation,
      Info: '',
      Who: userInfo().username,
      Version: '',
      Created: new Date().toISOString(),
      Path: `${location.bucket}/${location.key}`,
    };
    writeFileSync(join(dir, 'lock'), JSON.stringify(info));
    aws(location, [
      's3api',
      'put-object',
      '--bucket',
      location.bucket,
      '--key',
      lockKey,
      '--body',
      join(dir, 'lock'),
      '--if-none-match',
      '*',
    ]);
  } catch (error) {
    const held = heldLock(location);
    if (!held) throw error;
    throw new StateCommandError(
      `Stack "${location.stack}" is locked (lock ID ${held}). Wait for the run that holds it; if that run is gone, ` +
        `npm run state -- unlock ${location.stack} ${held}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return () => aws(location, ['s3api', 'delete-object', '--bucket', location.bucket, '--key', lockKey]);
}

const USAGE =
  'usage: npm run state -- versions <stack> | restore <stack> [--version <id>] | unlock <stack> <lock-id>';

function main(args: readonly string[]): number {
  const { values, positionals, unknown } = parseOptions(args, { version: { type: 'string' } });
  const [command, stack, lockId] = positionals;
  if (!stack || unknown.length > 0 || !['versions', 'restore', 'unlock'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  try {
    const location = stateLocation(stack);
    if (command === 'versions') printVersions(stateVersions(location));
    if (command === 'restore') restore(location, stringValue(values.version));
    if (command === 'unlock') {
      if (!lockId) throw new StateCommandError(USAGE);
      terraform(location, ['force-unlock', '-force', lockId]);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof StateCommandError)) throw error;
    console.error(error.message);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
