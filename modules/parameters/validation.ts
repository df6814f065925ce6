import { check, isKnown, type Problem } from '../core';

const SEGMENT = /^[a-zA-Z0-9_.-]+$/;
/** SSM rejects more than 15 levels of hierarchy. */
const MAX_DEPTH = 15;
/**
 * SSM's 1011-character limit counts the whole parameter ARN; this leaves room for the longest
 * `arn:<partition>:ssm:<region>:<account>:parameter` in front of the name.
 */
const MAX_NAME_LENGTH = 950;
/** SSM reserves names whose first segment starts with these (any case). */
const RESERVED_FIRST_SEGMENT = /^(aws|ssm)/i;

/**
 * The construct ID of the parameter at `path` (`db/host` -> `db-host`), which is its state address;
 * paths that would share one are refused by parametersProblems.
 */
export function parameterConstructId(path: string): string {
  return path.replace(/[/._]/g, '-');
}

/** Every problem with the prefix and the names; `values` and `secureNames` as in ParametersProps. */
export function parametersProblems(props: {
  readonly prefix: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly secureNames?: readonly string[];
}): Problem[] {
  return [
    ...prefixProblems(props.prefix),
    ...nameProblems(props.prefix, [
      ...Object.keys(props.values).map((path) => ({ path, field: `values.${path}` })),
      ...(props.secureNames ?? []).map((path, i) => ({ path, field: `secureNames[${i}]` })),
    ]),
  ];
}

function prefixProblems(prefix: string): Problem[] {
  if (!isKnown(prefix)) return [];
  const segments = prefix.split('/').slice(1);
  return [
    ...check(
      prefix.startsWith('/') && !prefix.endsWith('/') && segments.every((s) => SEGMENT.test(s)),
      'prefix',
      prefix,
      'is not an absolute SSM path',
      '/segment[/segment...] with segments of letters, digits, "_", "." and "-", and no trailing /',
    ),
    ...check(
      !RESERVED_FIRST_SEGMENT.test(segments[0] ?? ''),
      'prefix',
      prefix,
      'starts with a segment SSM reserves',
      'a first segment not starting with "aws" or "ssm"',
    ),
  ];
}

/** Each name in order, the later of two that would share a construct ID reported. */
function nameProblems(prefix: string, names: readonly { path: string; field: string }[]): Problem[] {
  const seen = new Map<string, string>();
  return names.flatMap(({ path, field }) => {
    const fullName = `${prefix}/${path}`;
    const id = parameterConstructId(path);
    const other = seen.get(id);
    seen.set(id, path);
    // "." and ".." are refused too, so that a name cannot pretend to leave its prefix.
    if (!path.split('/').every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) {
      return check(
        false,
        field,
        path,
        'is not a relative SSM path',
        'segment[/segment...] with segments of letters, digits, "_", "." and "-"',
      );
    }
    return [
      ...check(
        !isKnown(prefix) || fullName.split('/').length - 1 <= MAX_DEPTH,
        field,
        path,
        `makes ${fullName}, deeper than ${MAX_DEPTH} levels`,
        `at most ${MAX_DEPTH} levels in all`,
      ),
      ...check(
        !isKnown(prefix) || fullName.length <= MAX_NAME_LENGTH,
        field,
        path,
        `makes a name of ${fullName.length} characters`,
        `at most ${MAX_NAME_LENGTH} characters in all`,
      ),
      ...check(
        other === undefined,
        field,
        path,
        other === path
          ? 'is both a plain value and a secure name (or listed twice)'
          : `differs from "${other}" only in / . _ - (they would share a state address)`,
        'each name once, and names that differ in more than punctuation',
      ),
    ];
  });
}
