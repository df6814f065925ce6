/**
 * `npm run diagram`: synthesizes the app (or takes `--synth-dir DIR`) and draws every stack's
 * resources, data sources, remote-state inputs and the references between them into
 * `docs/diagrams/<stack>.svg`. The pictures are read from the synthesized JSON, so they show what
 * Terraform deploys. `--check` writes nothing and exits non-zero when a picture is out of date.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { generateDiagrams } from './diagram/generate';
import { parseOptions } from './options';
import { synthesize } from './synth';

async function main(): Promise<void> {
  const { values, unknown } = parseOptions(process.argv.slice(2), {
    'synth-dir': { type: 'string' },
    'out-dir': { type: 'string' },
    check: { type: 'boolean' },
  });
  if (unknown.length > 0)
    throw new Error(`unknown option ${unknown.join(', ')} (use --synth-dir, --out-dir, --check)`);
  const directory = (option: 'synth-dir' | 'out-dir') => {
    const value = values[option];
    if (value === undefined) return undefined;
    // Given without a value, or followed by another option (`--synth-dir --check`).
    if (typeof value !== 'string' || value.startsWith('--')) throw new Error(`--${option} needs a directory`);
    return value;
  };

  const root = resolve(__dirname, '..');
  const check = values.check === true;
  const outDir = resolve(directory('out-dir') ?? join(root, 'docs', 'diagrams'));
  const given = directory('synth-dir');
  const workDir = given ? undefined : mkdtempSync(join(tmpdir(), 'diagram-'));
  try {
    const synthDir = given ? resolve(given) : synthesize(root, join(workDir!, 'out'));
    const { results, stale } = await generateDiagrams({ synthDir, outDir, check });
    for (const r of results) {
      const status = check ? (r.upToDate ? 'ok      ' : 'OUTDATED') : r.upToDate ? 'same    ' : 'wrote   ';
      const file = relative(process.cwd(), r.file);
      console.log(
        `${status} ${file.padEnd(36)} ${String(r.nodes).padStart(3)} nodes ${String(r.edges).padStart(4)} edges`,
      );
    }
    for (const file of stale)
      console.log(`${check ? 'STALE   ' : 'removed '} ${relative(process.cwd(), file)}`);
    if (check && (stale.length > 0 || results.some((r) => !r.upToDate))) {
      console.log('diagrams are out of date: run `npm run diagram`');
      process.exitCode = 1;
    }
  } finally {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
