import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackJson } from './stack-json';

interface Manifest {
  readonly stacks: Record<string, { readonly dependencies: string[]; readonly workingDirectory: string }>;
}

/** The synthesized app: stack names, JSON, directories and who reads whom. */
export interface AppGraph {
  /** Every stack, sorted. */
  readonly names: readonly string[];
  readonly json: Readonly<Record<string, StackJson>>;
  /** Stacks with local state: the state bucket's own. */
  readonly bootstrap: readonly string[];
  /** The stacks each stack reads through remote state. */
  readonly reads: Readonly<Record<string, readonly string[]>>;
  /** The stacks each stack is deployed after. */
  readonly deployDeps: Readonly<Record<string, readonly string[]>>;
  /** The synthesized directory a stack is planned, applied and destroyed in. */
  dirOf(name: string): string;
  /** Whether the stack keeps its state in the S3 bucket. */
  s3Backed(name: string): boolean;
  /** Stacks deployed right after this one. */
  directReaders(name: string): string[];
  /** Stacks deployed after this one, directly or not. */
  readers(name: string): string[];
}

export function readApp(outDir: string): AppGraph {
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
  const names = Object.keys(manifest.stacks).sort();
  const dirOf = (name: string) => join(outDir, manifest.stacks[name].workingDirectory);
  const json = Object.fromEntries(
    names.map((name) => [
      name,
      JSON.parse(readFileSync(join(dirOf(name), 'cdk.tf.json'), 'utf8')) as StackJson,
    ]),
  );
  // The README's order: stacks with local state (the bucket itself) first, then every stack after
  // the stacks it reads through remote state.
  const bootstrap = names.filter((n) => json[n].terraform?.backend?.local);
  const s3Backed = (n: string) => Boolean(json[n].terraform?.backend?.s3);
  const deployDeps = Object.fromEntries(
    names.map((n) => [
      n,
      [...new Set([...manifest.stacks[n].dependencies, ...(s3Backed(n) ? bootstrap : [])])],
    ]),
  );
  const reads = Object.fromEntries(names.map((n) => [n, manifest.stacks[n].dependencies]));
  const directReaders = (name: string) => names.filter((other) => deployDeps[other].includes(name));
  const readers = (name: string): string[] => {
    const direct = directReaders(name);
    return [...new Set([...direct, ...direct.flatMap(readers)])];
  };
  return { names, dirOf, json, bootstrap, s3Backed, reads, deployDeps, directReaders, readers };
}
