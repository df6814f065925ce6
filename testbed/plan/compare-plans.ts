/**
 * Proof that the two forms of a stack mean the same thing: `terraform show -json` of the plan of
 * the JSON form (cdk.tf.json) and of the HCL form (cdk.tf) must agree on every resource address
 * and every planned value. A renderer bug (a dropped argument, a changed string, a lost provider
 * alias) shows here as a named difference, not as drift months later.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON path as printed: `resource_changes[aws_vpc.network_vpc].change.after.tags`. */
type Path = string;

interface Ignored {
  /** Matches the printed path of a value that is not compared. */
  readonly path: RegExp;
  /** Further condition on the two values (the JSON form's, the HCL form's); default: always. */
  readonly when?: (jsonValue: Json | undefined, hclValue: Json | undefined, parent: Json) => boolean;
  /** Why that value cannot matter. */
  readonly reason: string;
}

/**
 * What is not compared, each with the reason it cannot matter. Everything else in
 * `terraform show -json` must be equal.
 */
export const IGNORED: readonly Ignored[] = [
  {
    path: /^timestamp$/,
    reason: 'the wall-clock time each plan was made',
  },
  {
    path: /^configuration\..*\.constant_value$/,
    when: (_jsonValue, hclValue, parent) =>
      hclValue === undefined &&
      isObject(parent) &&
      Array.isArray(parent.references) &&
      parent.references.length > 0,
    reason:
      "an expression that refers to something is not a constant; Terraform's JSON syntax still reports " +
      'its unevaluated template text ("${aws_vpc.x.id}") as constant_value, its native syntax reports ' +
      'none. What the expression refers to (references) and what it evaluates to (planned values) ' +
      'are compared.',
  },
];

interface Unordered {
  /** Matches the printed path of an array compared as a set. */
  readonly path: RegExp;
  /** Why its order cannot matter. */
  readonly reason: string;
}

/** Arrays whose order says nothing about the configuration, compared as sets. */
export const UNORDERED: readonly Unordered[] = [
  {
    path: /\.references$/,
    reason:
      'the order in which Terraform met the references while walking an expression; a map written ' +
      'as a JSON object and as an HCL block lists its keys in different orders',
  },
  {
    path: /^relevant_attributes$/,
    reason: 'the attributes that feed changes, listed in the order Terraform walked the configuration',
  },
];

/**
 * Differences between the plans of the two forms, one line each (at most `limit`); empty when
 * they plan the same. Arrays of objects that carry an `address` (resources, resource changes,
 * module calls) are compared by address, not position: their order is the order Terraform read
 * the blocks from the file, which is not part of what the configuration means.
 */
export function planDifferences(jsonForm: unknown, hclForm: unknown, limit = 40): string[] {
  const out: string[] = [];
  compare(jsonForm as Json, hclForm as Json, '', out);
  return out.length > limit ? [...out.slice(0, limit), `... and ${out.length - limit} more`] : out;
}

function compare(
  a: Json | undefined,
  b: Json | undefined,
  path: Path,
  out: string[],
  parent: Json = null,
): void {
  if (IGNORED.some((ignored) => ignored.path.test(path) && (ignored.when?.(a, b, parent) ?? true))) return;
  if (a === undefined || b === undefined) {
    if (a !== b)
      out.push(`${path}: ${a === undefined ? 'only in the HCL form' : 'missing from the HCL form'}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isAddressed(a) && isAddressed(b)) {
      const byAddress = (items: Json[]) =>
        new Map(items.map((item) => [(item as { address: string }).address, item]));
      const [left, right] = [byAddress(a), byAddress(b)];
      for (const address of union(left.keys(), right.keys())) {
        compare(left.get(address), right.get(address), `${path}[${address}]`, out);
      }
      return;
    }
    if (UNORDERED.some((unordered) => unordered.path.test(path))) {
      [a, b] = [sortedByText(a), sortedByText(b)];
    }
    if (a.length !== b.length) {
      out.push(`${path}: ${a.length} items in the JSON form, ${b.length} in the HCL form`);
      return;
    }
    a.forEach((item, i) => compare(item, (b as Json[])[i], `${path}[${i}]`, out, a));
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of union(Object.keys(a), Object.keys(b))) {
      compare(a[key], b[key], path ? `${path}.${key}` : key, out, a);
    }
    return;
  }
  if (a !== b) out.push(`${path}: ${show(a)} in the JSON form, ${show(b)} in the HCL form`);
}

function sortedByText(items: Json[]): Json[] {
  return items
    .map((item) => [JSON.stringify(item), item] as const)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([, item]) => item);
}

function isAddressed(items: Json[]): boolean {
  return items.length > 0 && items.every((item) => isObject(item) && typeof item.address === 'string');
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function union(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}

function show(value: Json): string {
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
