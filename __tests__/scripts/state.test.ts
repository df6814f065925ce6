import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseVersion, stateLocation, StateCommandError, type StateVersion } from '../../scripts/state';

/**
 * `npm run state`'s decisions that need no bucket: which synthesized stack it acts on, and which
 * version a restore writes back. The commands themselves run against the emulator's S3 in the
 * end-to-end tests and the deploy tier.
 */
const version = (id: string, serial: number | undefined, isLatest = false, lineage = 'L1'): StateVersion => ({
  versionId: id,
  lastModified: `2026-12-0${serial ?? 9}T00:00:00.000Z`,
  isLatest,
  ...(serial === undefined ? {} : { serial, lineage, resources: serial }),
});

describe('chooseVersion', () => {
  const versions = [version('v4', undefined, true), version('v3', 3), version('v2', 2), version('v1', 1)];

  test('without an ID: the newest version that is not the latest', () => {
    expect(chooseVersion([version('v3', 3, true), version('v2', 2), version('v1', 1)]).versionId).toBe('v2');
  });

  test('with an ID: that version', () => {
    expect(chooseVersion(versions, 'v1').versionId).toBe('v1');
  });

  test.each([
    ['an unknown ID', versions, 'v9', /No version v9/],
    ['the latest', versions, 'v4', /already the latest/],
    [
      'a version that is not a Terraform state',
      [version('v2', 2, true), version('v1', undefined)],
      'v1',
      /not a Terraform state/,
    ],
    [
      'a version of another state',
      [version('v2', 2, true), version('v1', 1, false, 'L0')],
      'v1',
      /belongs to another state/,
    ],
    ['a state with one version', [version('v1', 1, true)], undefined, /no earlier version/],
  ])('refuses %s', (_what, list, asked, message) => {
    expect(() => chooseVersion(list, asked)).toThrow(StateCommandError);
    expect(() => chooseVersion(list, asked)).toThrow(message);
  });
});

describe('stateLocation', () => {
  let out: string;
  beforeEach(() => (out = mkdtempSync(join(tmpdir(), 'state-location-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));
  const stack = (name: string, json: object) => {
    mkdirSync(join(out, 'stacks', name), { recursive: true });
    writeFileSync(join(out, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json));
  };

  test('reads bucket, key and region from the synthesized backend', () => {
    stack('dev', {
      terraform: { backend: { s3: { bucket: 'b', key: 'webapp/2/dev.tfstate', region: 'r' } } },
    });
    expect(stateLocation('dev', out)).toEqual({
      stack: 'dev',
      directory: join(out, 'stacks', 'dev'),
      bucket: 'b',
      key: 'webapp/2/dev.tfstate',
      region: 'r',
      encrypt: false,
    });
  });

  test('refuses a stack not synthesized, and one that keeps local state', () => {
    expect(() => stateLocation('nope', out)).toThrow(/No synthesized stack "nope".*npm run synth/);
    stack('state', { terraform: { backend: { local: { path: 'x' } } } });
    expect(() => stateLocation('state', out)).toThrow(/local file/);
  });
});
