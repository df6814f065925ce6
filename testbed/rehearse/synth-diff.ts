/**
 * What a change of library did to the synthesized JSON, stack by stack: resources added and
 * removed (by address), resources whose arguments changed (with the argument paths), and every
 * other change (the terraform block, providers, outputs, variables) with both values.
 *
 * Not compared: the "//" comments CDKTF writes next to the configuration (construct paths, the
 * library's name and version, security-rule suppressions): Terraform ignores them.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Blocks = Record<string, Record<string, Json>>;

/** A synthesized stack (cdk.tf.json), parsed. */
export interface StackJson {
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly [section: string]: Json | Blocks | undefined;
}

export interface Change {
  readonly path: string;
  readonly before: Json | undefined;
  readonly after: Json | undefined;
}

export interface StackDiff {
  readonly stack: string;
  /** The stack exists only before, only after, or in both. */
  readonly presence: 'removed' | 'added' | 'both';
  readonly resourcesAdded: readonly string[];
  readonly resourcesRemoved: readonly string[];
  /** Address -> argument paths whose value differs. */
  readonly resourcesChanged: Readonly<Record<string, readonly string[]>>;
  /** Changes outside resources and data sources. */
  readonly otherChanges: readonly Change[];
}

export function diffSynth(before: Record<string, StackJson>, after: Record<string, StackJson>): StackDiff[] {
  return union(Object.keys(before), Object.keys(after)).map((stack) => {
    const [a, b] = [before[stack], after[stack]];
    const [ra, rb] = [addressed(a), addressed(b)];
    const resourcesChanged: Record<string, string[]> = {};
    for (const address of Object.keys(ra).filter((k) => k in rb)) {
      const paths = changes(ra[address], rb[address], '').map((c) => c.path);
      if (paths.length > 0) resourcesChanged[address] = paths;
    }
    const sections = union(Object.keys(a ?? {}), Object.keys(b ?? {})).filter(
      (s) => s !== 'resource' && s !== 'data' && s !== '//',
    );
    return {
      stack,
      presence: a === undefined ? 'added' : b === undefined ? 'removed' : 'both',
      resourcesAdded: Object.keys(rb).filter((k) => !(k in ra)),
      resourcesRemoved: Object.keys(ra).filter((k) => !(k in rb)),
      resourcesChanged,
      otherChanges: sections.flatMap((s) => changes(a?.[s] as Json, b?.[s] as Json, s)),
    };
  });
}

/** Resources as `aws_vpc.name`, data sources as `data.aws_x.name`, like Terraform addresses them. */
function addressed(stack: StackJson | undefined): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [prefix, blocks] of [
    ['', stack?.resource],
    ['data.', stack?.data],
  ] as const) {
    for (const [type, byName] of Object.entries(blocks ?? {})) {
      for (const [name, body] of Object.entries(byName)) out[`${prefix}${type}.${name}`] = body;
    }
  }
  return out;
}

function changes(a: Json | undefined, b: Json | undefined, path: string): Change[] {
  if (isObject(a) && isObject(b)) {
    return union(Object.keys(a), Object.keys(b))
      .filter((key) => key !== '//')
      .flatMap((key) => changes(a[key], b[key], path ? `${path}.${key}` : key));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, before: a, after: b }];
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

/** A Markdown table (one row per stack) and the changes it summarises, for the decision record. */
export function formatSynthDiff(diffs: readonly StackDiff[]): string[] {
  const lines = [
    '| stack | resources added | resources removed | resources changed | other changes |',
    '|---|---|---|---|---|',
  ];
  for (const d of diffs) {
    const changed = Object.keys(d.resourcesChanged).length;
    const other = d.otherChanges.map((c) => c.path).join(', ') || '-';
    lines.push(
      `| ${d.stack}${d.presence === 'both' ? '' : ` (${d.presence})`} | ${d.resourcesAdded.length} | ${d.resourcesRemoved.length} | ${changed} | ${other} |`,
    );
  }
  const details: string[] = [];
  const show = (value: Json | undefined) => (value === undefined ? '(absent)' : JSON.stringify(value));
  const distinct = new Map<string, string[]>();
  for (const d of diffs) {
    for (const c of d.otherChanges) {
      const line = `${c.path}: ${show(c.before)} -> ${show(c.after)}`;
      distinct.set(line, [...(distinct.get(line) ?? []), d.stack]);
    }
    for (const address of d.resourcesAdded) details.push(`${d.stack}: added ${address}`);
    for (const address of d.resourcesRemoved) details.push(`${d.stack}: removed ${address}`);
    for (const [address, paths] of Object.entries(d.resourcesChanged)) {
      details.push(`${d.stack}: changed ${address}: ${paths.join(', ')}`);
    }
  }
  const common = [...distinct].map(
    ([line, stacks]) => `${line} (${stacks.length === diffs.length ? 'every stack' : stacks.join(', ')})`,
  );
  const all = [...common, ...details];
  return all.length > 0 ? [...lines, '', ...all.map((l) => `- ${l}`)] : lines;
}
