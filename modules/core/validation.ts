import { Token } from 'cdktf';

/**
 * One thing wrong with a value, in the shape every message of this repository takes:
 * `<path>: <value> <problem> (accepted: <accepted>)`.
 *
 * Modules export pure functions that return these for their props (paths relative to the props,
 * such as `cidr` or `availabilityZones[2]`); their constructors throw a ValidationError built from
 * them, and `envs/validate.ts` calls the same functions with config paths in front.
 */
export interface Problem {
  /** Where: a field path, `loadBalancer.priority`, `scratchPaths[1]`. */
  readonly path: string;
  /** The value found (shown as JSON). */
  readonly value: unknown;
  /** What is wrong with it, e.g. `is not a valid IPv4 CIDR`. */
  readonly problem: string;
  /** What would do instead. */
  readonly accepted: string;
}

/** `[problem]` when `ok` is false, else `[]`: spread into a list of problems. */
export function check(
  ok: boolean,
  path: string,
  value: unknown,
  problem: string,
  accepted: string,
): Problem[] {
  return ok ? [] : [{ path, value, problem, accepted }];
}

/** Puts `prefix` in front of each problem's path (`dev.network` + `cidr` = `dev.network.cidr`). */
export function under(prefix: string, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, path: joinPath(prefix, p.path) }));
}

export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

export function formatProblem(p: Problem): string {
  return `${p.path}: ${JSON.stringify(p.value) ?? 'undefined'} ${p.problem} (accepted: ${p.accepted})`;
}

/**
 * A user's mistake: invalid props or configuration. The app prints its message, one line per
 * problem, and no stack trace; anything else that goes wrong is a bug and prints one.
 */
export class ValidationError extends Error {
  constructor(
    public readonly problems: readonly Problem[],
    heading: string,
    /** Said after the count, such as "; nothing was synthesized". */
    outcome = '',
  ) {
    super(
      `${heading}, ${problems.length} problem(s)${outcome}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
    );
    this.name = 'ValidationError';
  }
}

/** Throws one ValidationError naming the construct (its path in the tree) when there are problems. */
export function throwOnProblems(constructPath: string, problems: readonly Problem[]): void {
  if (problems.length > 0)
    throw new ValidationError(under(constructPath, problems), `Invalid props of ${constructPath}`);
}

/** A value known at synth time: not a token that Terraform only resolves at apply. */
export function isKnown(value: unknown): boolean {
  return !Token.isUnresolved(value);
}

/** A whole number from `min` to `max` (tokens pass: only apply knows them). */
export function integerIn(path: string, value: number, min: number, max: number, what = ''): Problem[] {
  return check(
    !isKnown(value) || (Number.isInteger(value) && value >= min && value <= max),
    path,
    value,
    `is not a whole number from ${min} to ${max}${what ? ` (${what})` : ''}`,
    `a whole number from ${min} to ${max}`,
  );
}

/** Indexes of the entries of `values` that repeat an earlier one. */
export function repeatedIndexes<T>(values: readonly T[], key: (value: T) => unknown = (v) => v): number[] {
  const seen = new Set<unknown>();
  return values.flatMap((value, i) => {
    const k = key(value);
    if (seen.has(k)) return [i];
    seen.add(k);
    return [];
  });
}
