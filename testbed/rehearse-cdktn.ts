/**
 * `npm run rehearse:cdktn`: rehearses the move from CDKTF (archived by HashiCorp) to its community
 * fork cdktn on a temporary copy of the repository, so what the move changes is known before
 * anyone decides to make it (docs/adr/0001-cdktf-deprecation.md). It
 *   1. synthesizes today's app (JSON);
 *   2. copies the repository, swaps cdktf / cdktf-cli / @cdktf/provider-aws for cdktn / cdktn-cli /
 *      @cdktn/provider-aws (latest, or CDKTN_VERSION / CDKTN_PROVIDER_AWS_VERSION) and installs;
 *   3. carries the HCL renderer patch over if it still applies, rewrites the imports, declares the
 *      Terraform versions the stacks already require (cdktn checks features against them);
 *   4. type-checks and synthesizes the copy, and prints what changed in every stack's JSON.
 * It stops at synth: the AWS provider 6.x that @cdktn/provider-aws is built for is not in the
 * offline provider mirror, so nothing is planned. Not part of `npm test`: it installs packages.
 * REHEARSAL_KEEP=1 keeps the temporary directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { synthesize } from '../scripts/synth';
import {
  RENAMED_PACKAGES,
  rewriteImports,
  swapPackages,
  targetRange,
  type PackageJson,
} from './rehearse/swap';
import { diffSynth, formatSynthDiff, type StackJson } from './rehearse/synth-diff';

const ROOT = resolve(__dirname, '..');
const PATCH = join(ROOT, 'patches/cdktf+0.21.0.patch');

/** One line of the summary; the summary is printed at the end as Markdown for the decision record. */
const summary: string[] = [];

function step<T>(label: string, run: () => T): T {
  const started = Date.now();
  process.stdout.write(`${label} ... `);
  const result = run();
  console.log(`${((Date.now() - started) / 1000).toFixed(1)}s`);
  return result;
}

function npmView(spec: string, field: string): string {
  const out = execFileSync('npm', ['view', spec, field, '--json'], { encoding: 'utf8' }).trim();
  const value = JSON.parse(out) as unknown;
  // A range that several versions match answers with a list; the last is the newest.
  return String(Array.isArray(value) ? value[value.length - 1] : value);
}

function installed(dir: string, pkg: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** The AWS provider version a prebuilt provider package was generated from. */
function awsProviderOf(pkg: Record<string, unknown>): string {
  const meta = (pkg.cdktn ?? pkg.cdktf) as { provider?: { version?: string } } | undefined;
  return meta?.provider?.version ?? 'unknown';
}

function readSynth(outDir: string): Record<string, StackJson> {
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { workingDirectory: string }>;
  };
  return Object.fromEntries(
    Object.entries(manifest.stacks).map(([name, entry]) => [
      name,
      JSON.parse(readFileSync(join(outDir, entry.workingDirectory, 'cdk.tf.json'), 'utf8')) as StackJson,
    ]),
  );
}

/** Files of the repository as a clone would have them: tracked and new, not ignored. */
function copyRepository(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(ROOT, file), join(to, file));
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

function main(): number {
  const work = mkdtempSync(join(tmpdir(), 'rehearse-cdktn-'));
  const copy = join(work, 'repo');
  try {
    const before = step('synthesizing today’s app', () => readSynth(synthesize(ROOT, join(work, 'before'))));

    const versions = step('resolving cdktn versions on the npm registry', () => {
      const cdktn = process.env.CDKTN_VERSION ?? npmView('cdktn@latest', 'version');
      return {
        cdktn,
        'cdktn-cli': npmView(`cdktn-cli@${cdktn}`, 'version'),
        '@cdktn/provider-aws':
          process.env.CDKTN_PROVIDER_AWS_VERSION ?? npmView('@cdktn/provider-aws@latest', 'version'),
        constructs: npmView(`cdktn@${cdktn}`, 'peerDependencies.constructs'),
      };
    });

    step('copying the repository and swapping the packages', () => {
      copyRepository(copy);
      const pkg = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as PackageJson;
      writeFileSync(
        join(copy, 'package.json'),
        `${JSON.stringify(swapPackages(pkg, versions, versions.constructs), null, 2)}\n`,
      );
      rmSync(join(copy, 'package-lock.json'), { force: true });
      // patch-package fails on a patch for a package that is no longer installed; the patch is
      // tried on cdktn below instead.
      rmSync(join(copy, 'patches', 'cdktf+0.21.0.patch'), { force: true });
    });

    const install = step('npm install (cdktn packages)', () =>
      // The repository's .npmrc sets engine-strict; the cdktn packages may ask for a newer Node
      // than this machine runs, which the summary reports instead of stopping here.
      spawnSync('npm', ['install', '--no-audit', '--no-fund', '--engine-strict=false'], {
        cwd: copy,
        encoding: 'utf8',
      }),
    );
    if (install.status !== 0) {
      console.error(install.stderr);
      console.error('npm install failed; nothing else was tried.');
      return 1;
    }

    const today = {
      cdktf: installed(ROOT, 'cdktf'),
      provider: installed(ROOT, '@cdktf/provider-aws'),
      constructs: installed(ROOT, 'constructs'),
    };
    const next = {
      cdktn: installed(copy, 'cdktn'),
      cli: installed(copy, 'cdktn-cli'),
      provider: installed(copy, '@cdktn/provider-aws'),
      constructs: installed(copy, 'constructs'),
    };
    summary.push(
      `- Packages: cdktf ${today.cdktf.version} -> cdktn ${next.cdktn.version}; cdktf-cli -> cdktn-cli ${next.cli.version}; ` +
        `@cdktf/provider-aws ${today.provider.version} (AWS provider ${awsProviderOf(today.provider)}) -> ` +
        `@cdktn/provider-aws ${next.provider.version} (AWS provider ${awsProviderOf(next.provider)}); ` +
        `constructs ${today.constructs.version} -> ${next.constructs.version} (cdktn accepts ${versions.constructs}).`,
    );
    const engines = [next.cdktn, next.cli, next.provider]
      .map((p) => [p.name, (p.engines as { node?: string } | undefined)?.node] as const)
      .filter(([, node]) => node)
      .map(([name, node]) => `${name} wants Node ${node}`);
    summary.push(
      `- Node.js: ${engines.join('; ') || 'no engine requirement'}; this run used Node ${process.version}.`,
    );

    step('rewriting imports', () => {
      let count = 0;
      let files = 0;
      // The rehearsal's own files are about the move itself (their test fixtures spell the old
      // imports on purpose) and would be deleted after it.
      for (const file of sourceFiles(copy).filter((f) => !/rehearse/.test(f.slice(copy.length)))) {
        const rewritten = rewriteImports(readFileSync(file, 'utf8'));
        if (rewritten.count === 0) continue;
        writeFileSync(file, rewritten.text);
        count += rewritten.count;
        files++;
      }
      summary.push(
        `- Imports rewritten: ${count} in ${files} files (${Object.keys(RENAMED_PACKAGES)
          .filter((p) => p !== 'cdktf-cli')
          .join(', ')} -> ${['cdktn', '@cdktn/provider-aws'].join(', ')}).`,
      );
    });

    // cdktn checks features against the Terraform versions a project declares (default: 1.5.7 and
    // up) and refuses write-only arguments below 1.11. The stacks already require a version; the
    // cdktn CLI passes cdktf.json's targetVersions to the app as context, and so does this synth.
    const requiredVersion = String(
      (Object.values(before)[0]?.terraform as { required_version?: string } | undefined)?.required_version ??
        '>=1.5.7',
    );
    const targetVersions = { terraform: targetRange(requiredVersion) };
    const config = JSON.parse(readFileSync(join(copy, 'cdktf.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(copy, 'cdktf.json'), `${JSON.stringify({ ...config, targetVersions }, null, 2)}\n`);
    summary.push(
      `- Declared in cdktf.json: "targetVersions": ${JSON.stringify(targetVersions)}, the stacks' required_version ` +
        '(the synth here passes it as context, the way the cdktn CLI does).',
    );

    // The renderer test names each defect the patch fixes; run on cdktn without and with the patch,
    // it says whether cdktn still has them and whether the patch still fixes them.
    const rendererTest = () => {
      const run = spawnSync(
        join(copy, 'node_modules/.bin/jest'),
        ['--silent', '--json', '__tests__/scripts/hcl-render.test.ts'],
        { cwd: copy, encoding: 'utf8' },
      );
      const report = JSON.parse(run.stdout || '{}') as {
        numTotalTests?: number;
        testResults?: { assertionResults: { title: string; status: string }[] }[];
      };
      const failed = (report.testResults ?? [])
        .flatMap((r) => r.assertionResults)
        .filter((a) => a.status !== 'passed')
        .map((a) => a.title);
      return run.status === 0
        ? `passes (${report.numTotalTests} tests)`
        : `fails ${failed.length} of ${report.numTotalTests ?? '?'} tests (${failed.join('; ') || run.stderr.trim().split('\n')[0]})`;
    };
    const unpatched = step('HCL renderer test on cdktn as published', rendererTest);
    const applied = step('carrying the HCL renderer patch over to cdktn', () =>
      spawnSync('patch', ['-p1', '--forward', '--no-backup-if-mismatch'], {
        cwd: copy,
        input: readFileSync(PATCH, 'utf8').replaceAll('node_modules/cdktf/', 'node_modules/cdktn/'),
        encoding: 'utf8',
      }),
    );
    const patched =
      applied.status === 0 ? step('HCL renderer test on cdktn with the patch', rendererTest) : '';
    summary.push(
      `- HCL renderer: the renderer test (__tests__/scripts/hcl-render.test.ts) ${unpatched} ` +
        `on cdktn ${next.cdktn.version} as published; patches/cdktf+0.21.0.patch ` +
        (applied.status === 0
          ? `applies to it${/with fuzz/.test(applied.stdout) ? ' (with fuzz)' : ''} and the test then ${patched}.`
          : `does NOT apply:\n  ${applied.stdout.trim().replace(/\n/g, '\n  ')}`),
    );

    const typeCheck = step('type-checking the copy (tsc --noEmit)', () =>
      spawnSync(join(copy, 'node_modules/.bin/tsc'), ['--noEmit'], { cwd: copy, encoding: 'utf8' }),
    );
    const typeErrors = typeCheck.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    summary.push(
      typeCheck.status === 0
        ? '- Type-check (tsc --noEmit, app, tests and scripts): passes with no change to the code.'
        : `- Type-check: ${typeErrors.length} error(s):\n${typeErrors.map((l) => `  - ${l}`).join('\n')}`,
    );

    const withoutTargets = step('synthesizing the copy without targetVersions', () =>
      runApp(copy, join(work, 'no-targets'), { CDKTF_CONTEXT_JSON: JSON.stringify(config.context ?? {}) }),
    );
    summary.push(
      withoutTargets.ok
        ? '- Without targetVersions the copy synthesizes too.'
        : `- Without targetVersions cdktn refuses to synthesize: ${firstLines(withoutTargets.stderr)}`,
    );

    let after: Record<string, StackJson>;
    try {
      after = step('synthesizing the copy', () =>
        readSynth(
          synthesize(copy, join(work, 'after'), {
            CDKTF_CONTEXT_JSON: JSON.stringify({ ...(config.context as object), targetVersions }),
          }),
        ),
      );
    } catch {
      summary.push('- Synth: FAILED (the app printed why, above).');
      printSummary();
      return 1;
    }
    summary.push(
      `- Synth: ${Object.keys(after).length} stacks (today: ${Object.keys(before).length}). ` +
        'Synthesized JSON compared with today’s, "//" comments (construct paths, library version) left out:',
      '',
      ...formatSynthDiff(diffSynth(before, after)),
      '',
      '- Not planned: @cdktn/provider-aws is built for AWS provider 6.x, which is not in the offline provider ' +
        'mirror, so the rehearsal stops at synth. What provider 6 changes in behaviour (defaults, state ' +
        'upgrades, plan diffs) shows only in a `terraform plan` against it.',
    );
    printSummary();
    return typeCheck.status === 0 ? 0 : 1;
  } finally {
    if (process.env.REHEARSAL_KEEP) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** Runs the app command of cdktf.json in `root` as synth does, keeping what it prints on stderr. */
function runApp(root: string, outDir: string, env: NodeJS.ProcessEnv): { ok: boolean; stderr: string } {
  const { app } = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')) as { app: string };
  const run = spawnSync('sh', ['-c', app], {
    cwd: root,
    env: { ...process.env, ...env, CDKTF_OUTDIR: outDir },
    encoding: 'utf8',
  });
  return { ok: run.status === 0, stderr: run.stderr };
}

/** The lines of an error message that say what is wrong, without its stack trace. */
function firstLines(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('[') || l.startsWith('Error:'));
  return lines.slice(0, 4).join(' / ');
}

function printSummary(): void {
  console.log(`\n### cdktn rehearsal, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(summary.join('\n'));
}

process.exitCode = main();
