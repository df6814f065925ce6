import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWorkflows } from '../../scripts/workflows';
import { PINS_FILE, parsePins, readPins, unpinnedUses } from '../../scripts/workflows/pins';
import { ACTIONS } from '../../scripts/workflows/render';
import { shippedSynthDir } from '../stacks/app-fixture';

/**
 * The actions the workflows use run at commits, not tags (a tag can be moved onto other code; a
 * commit cannot): the pins file names one commit and its version per action, and
 * `npm run workflows -- --check` refuses any `uses:` that is not pinned that way.
 */

const repositoryRoot = join(__dirname, '..', '..');
const SHA = 'a'.repeat(40);

describe('the pins file', () => {
  test('pins every action the workflows use to a full commit SHA, with its version', () => {
    // GIVEN the committed pins file
    const pins = parsePins(readFileSync(join(repositoryRoot, PINS_FILE), 'utf8'));
    // THEN each action has a 40-hex commit and a version
    for (const action of Object.values(ACTIONS)) {
      expect([action, pins[action]]).toEqual([
        action,
        { sha: expect.stringMatching(/^[0-9a-f]{40}$/), version: expect.stringMatching(/^v?\d+(\.\d+)*$/) },
      ]);
    }
    expect(readPins(join(repositoryRoot, PINS_FILE))).toEqual(pins);
  });

  test('reads only lines pinned to a full SHA with a version comment', () => {
    const pins = parsePins(
      [
        `      - uses: actions/checkout@${SHA} # v4.2.2`,
        '      - uses: actions/setup-node@v4',
        `      - uses: actions/upload-artifact@${SHA}`,
        `      - uses: actions/download-artifact@${SHA.slice(0, 7)} # v4.1.0`,
      ].join('\n'),
    );
    expect(pins).toEqual({ 'actions/checkout': { sha: SHA, version: 'v4.2.2' } });
  });
});

describe('unpinnedUses', () => {
  const line = (uses: string) => `    steps:\n      - uses: ${uses}\n`;

  test.each([
    ['a tag', 'actions/checkout@v4'],
    ['a branch', 'actions/checkout@main'],
    ['a short SHA', 'actions/checkout@3d3c42e # v7.0.1'],
    ['a full SHA without its version in a comment', `actions/checkout@${SHA}`],
    ['an action with no ref at all', 'actions/checkout'],
    ['a Docker image', 'docker://alpine:3.20'],
  ])('flags %s', (_what, uses) => {
    expect(unpinnedUses('.github/workflows/x.yml', line(uses))).toEqual([
      `.github/workflows/x.yml:2: ${uses.split(' ')[0]} is not pinned to a commit SHA with its version in a comment`,
    ]);
  });

  test('flags a `uses:` that is not a list item (a reusable workflow called by a job)', () => {
    expect(
      unpinnedUses('w.yml', 'jobs:\n  a:\n    uses: octo/repo/.github/workflows/x.yml@v1\n'),
    ).toHaveLength(1);
  });

  test.each([
    ['a local reusable workflow', './.github/workflows/x.yml'],
    ['a local action', './.github/actions/setup'],
    ['a full SHA with its version', `actions/checkout@${SHA} # v4.2.2`],
    [
      'a reusable workflow of another repository at a full SHA',
      `octo/repo/.github/workflows/x.yml@${SHA} # v1.0.0`,
    ],
  ])('accepts %s', (_what, uses) => {
    expect(unpinnedUses('.github/workflows/x.yml', line(uses))).toEqual([]);
  });
});

describe('npm run workflows -- --check on a copy of this repository', () => {
  const root = mkdtempSync(join(tmpdir(), 'workflows-pins-'));
  const synthDir = shippedSynthDir();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  beforeEach(() => {
    rmSync(join(root, '.github'), { recursive: true, force: true });
    cpSync(join(repositoryRoot, '.github'), join(root, '.github'), { recursive: true });
  });

  test('finds no unpinned action in the committed workflows', () => {
    expect(writeWorkflows(root, synthDir, true).unpinned).toEqual([]);
  });

  test('fails when a workflow of the repository uses an action by tag, naming the line', () => {
    // GIVEN a workflow written by hand beside the generated ones, using checkout by tag
    const path = '.github/workflows/lint.yml';
    writeFileSync(
      join(root, path),
      [
        'name: lint',
        'on: push',
        'jobs:',
        '  lint:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '',
      ].join('\n'),
    );
    // WHEN
    const result = writeWorkflows(root, synthDir, true);
    // THEN
    expect(result.unpinned).toEqual([
      `${path}:7: actions/checkout@v4 is not pinned to a commit SHA with its version in a comment`,
    ]);
  });

  test('fails when the pins file gains an action by tag', () => {
    // GIVEN
    const pins = join(root, PINS_FILE);
    writeFileSync(pins, `${readFileSync(pins, 'utf8')}      - uses: actions/cache@v4\n`);
    // WHEN
    const result = writeWorkflows(root, synthDir, true);
    // THEN
    expect(result.unpinned).toEqual([
      expect.stringMatching(new RegExp(`^${PINS_FILE}:\\d+: actions/cache@v4 `)),
    ]);
  });

  test('fails when a generated workflow is changed to a tag pin: it no longer matches what is generated', () => {
    // GIVEN deploy.yml checking out by tag
    const path = '.github/workflows/deploy.yml';
    const text = readFileSync(join(root, path), 'utf8');
    const tagged = text.replace(/actions\/checkout@[0-9a-f]{40} # \S+/, 'actions/checkout@v4');
    expect(tagged).not.toBe(text);
    writeFileSync(join(root, path), tagged);
    // WHEN
    const result = writeWorkflows(root, synthDir, true);
    // THEN the check fails on it (`--check` exits 1 for an outdated file as for an unpinned one)
    expect(result.outdated).toContain(path);
  });
});
