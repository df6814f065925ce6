import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackGraph, toDot, type StackJsonLike } from './graph';
import { renderSvg } from './render';

export interface DiagramResult {
  readonly stack: string;
  /** The SVG file written (or compared, with `check`). */
  readonly file: string;
  readonly nodes: number;
  readonly edges: number;
  /** With `check`: false when the file is missing or differs from what the JSON gives. */
  readonly upToDate: boolean;
}

export interface GenerateOptions {
  /** A `cdktf.out`-shaped directory: `manifest.json` and `stacks/<stack>/cdk.tf.json`. */
  readonly synthDir: string;
  /** Where `<stack>.svg` files go. */
  readonly outDir: string;
  /** Compare instead of writing. @default false */
  readonly check?: boolean;
}

interface Manifest {
  readonly stacks: Record<string, { readonly workingDirectory: string }>;
}

/**
 * Draws every stack of the manifest into `<outDir>/<stack>.svg`. SVG files of stacks that no
 * longer exist are removed (or, with `check`, reported in `stale`), so the folder always shows the
 * synthesized app and nothing else.
 */
export async function generateDiagrams(
  options: GenerateOptions,
): Promise<{ results: DiagramResult[]; stale: string[] }> {
  const manifest = JSON.parse(readFileSync(join(options.synthDir, 'manifest.json'), 'utf8')) as Manifest;
  const stacks = Object.keys(manifest.stacks).sort();
  if (stacks.length === 0) throw new Error(`no stacks in ${join(options.synthDir, 'manifest.json')}`);
  if (!options.check) mkdirSync(options.outDir, { recursive: true });

  const results: DiagramResult[] = [];
  for (const stack of stacks) {
    const jsonFile = join(options.synthDir, manifest.stacks[stack].workingDirectory, 'cdk.tf.json');
    const graph = stackGraph(JSON.parse(readFileSync(jsonFile, 'utf8')) as StackJsonLike, stack);
    const svg = await renderSvg(toDot(graph));
    const file = join(options.outDir, `${stack}.svg`);
    const upToDate = existsSync(file) && readFileSync(file, 'utf8') === svg;
    if (!options.check && !upToDate) writeFileSync(file, svg);
    results.push({ stack, file, nodes: graph.nodes.length, edges: graph.edges.length, upToDate });
  }

  const wanted = new Set(stacks.map((s) => `${s}.svg`));
  const stale = existsSync(options.outDir)
    ? readdirSync(options.outDir)
        .filter((f) => f.endsWith('.svg') && !wanted.has(f))
        .sort()
        .map((f) => join(options.outDir, f))
    : [];
  if (!options.check) for (const file of stale) rmSync(file);
  return { results, stale };
}
