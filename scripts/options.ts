import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `args` parsed by node:util's parseArgs without refusing anything, so that each script words its
 * own refusal (or, as scripts/cdktf.ts does, passes what it does not know on). `unknown` holds the
 * arguments that name an option not in `options`, as they were written (`--foo=bar` whole).
 */
export function parseOptions(args: readonly string[], options: Options) {
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const unknown = tokens.flatMap((t) => (t.kind === 'option' && !(t.name in options) ? [args[t.index]] : []));
  return { values, positionals, unknown };
}

/** An option's value when it was given one (`--synth-dir` alone parses as `true`). */
export function stringValue(value: string | boolean | (string | boolean)[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
