/**
 * `npm run workflows`: writes the GitHub Actions workflows (.github/workflows/) and the release
 * workflow each application repository copies (.github/workflow-templates/) from the synthesized
 * app (or `--synth-dir DIR`) and the configuration: a plan job per stack on pull requests, an apply
 * job per stack on main in dependency order, and the release workflow. `--check` writes nothing
 * and fails when a committed file no longer matches; CI runs it.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { environments, project } from '../envs';
import { parseOptions, stringValue } from './options';
import { synthesize } from './synth';
import { deliveryModel } from './workflows/model';
import { PINS_FILE, readPins, unpinnedUses } from './workflows/pins';
import { GENERATED_DIRS, GENERATED_MARK, generateWorkflows } from './workflows/render';

export interface WorkflowsResult {
  readonly written: string[];
  readonly unchanged: string[];
  /** Generated files that differ from what is committed (with --check: not written). */
  readonly outdated: string[];
  /** Generated files no longer generated (with --check: not removed). */
  readonly stale: string[];
  /** `uses:` lines of any workflow not pinned to a commit SHA (pins.ts). */
  readonly unpinned: string[];
}

/** Generates every file into `root`; with `check`, only compares. */
export function writeWorkflows(root: string, synthDir: string, check: boolean): WorkflowsResult {
  const files = generateWorkflows(
    deliveryModel(synthDir, project, environments),
    readPins(join(root, PINS_FILE)),
  );
  const result: WorkflowsResult = { written: [], unchanged: [], outdated: [], stale: [], unpinned: [] };
  for (const f of files) {
    const target = join(root, f.path);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (current === f.content) {
      result.unchanged.push(f.path);
      continue;
    }
    if (check) {
      result.outdated.push(f.path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
    result.written.push(f.path);
  }
  const generated = new Set(files.map((f) => f.path));
  for (const dir of GENERATED_DIRS) {
    if (!existsSync(join(root, dir))) continue;
    for (const name of readdirSync(join(root, dir))) {
      const path = `${dir}/${name}`;
      if (!/\.ya?ml$/.test(name)) continue;
      const text = readFileSync(join(root, path), 'utf8');
      // Every workflow, generated or not: an action used by tag would run whatever the tag names later.
      result.unpinned.push(
        ...unpinnedUses(path, generated.has(path) ? files.find((f) => f.path === path)!.content : text),
      );
      if (generated.has(path) || !text.includes(GENERATED_MARK)) continue;
      result.stale.push(path);
      if (!check) unlinkSync(join(root, path));
    }
  }
  return result;
}

function main(): number {
  const { values, unknown } = parseOptions(process.argv.slice(2), {
    check: { type: 'boolean' },
    'synth-dir': { type: 'string' },
  });
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown.join(', ')} (use --check, --synth-dir DIR)`);
    return 2;
  }
  const check = values.check === true;
  const given = stringValue(values['synth-dir']);
  const root = resolve(__dirname, '..');
  const work = given ? undefined : mkdtempSync(join(tmpdir(), 'workflows-'));
  try {
    const synthDir = given ? resolve(given) : synthesize(root, join(work!, 'out'));
    const result = writeWorkflows(root, synthDir, check);
    for (const path of result.unchanged) console.log(`${check ? 'ok      ' : 'same    '} ${path}`);
    for (const path of result.written) console.log(`wrote    ${path}`);
    for (const path of result.outdated) console.log(`OUTDATED ${path}`);
    for (const path of result.stale) console.log(`${check ? 'STALE   ' : 'removed '} ${path}`);
    for (const line of result.unpinned) console.log(`UNPINNED ${line}`);
    if (result.unpinned.length > 0) {
      console.log(`pin every action to a commit SHA, with its version in a comment, as ${PINS_FILE} does`);
      return 1;
    }
    if (check && (result.outdated.length > 0 || result.stale.length > 0)) {
      console.log('workflows are out of date: run `npm run workflows` and commit them');
      return 1;
    }
    return 0;
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
