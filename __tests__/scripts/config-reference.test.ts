import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  markdownTable,
  renderConfigReference,
  type ReferenceLayout,
  type SchemaDocument,
} from '../../scripts/config-reference';
import { generateConfigReference, run, SCHEMA_FILE } from '../../scripts/config-schema';

/** A small schema in the shape ts-json-schema-generator writes. */
const schema: SchemaDocument = {
  definitions: {
    Mode: { type: 'string', enum: ['fast', 'safe'] },
    Root: {
      type: 'object',
      description: 'The whole file.',
      properties: {
        name: { type: 'string', pattern: '^[a-z]+$', description: 'Short name.' },
        size: { type: 'number', minimum: 1, maximum: 10, default: 2, description: 'How many.' },
        mode: { $ref: '#/definitions/Mode', default: 'fast', description: 'Speed or safety.' },
        nested: { $ref: '#/definitions/Nested' },
        workers: {
          type: 'object',
          additionalProperties: { $ref: '#/definitions/Worker' },
          description: 'Workers by name.',
        },
      },
      required: ['name', 'nested', 'workers'],
      additionalProperties: false,
    },
    Nested: {
      type: 'object',
      description: 'Grouped settings.',
      properties: {
        inner: {
          type: 'object',
          properties: {
            flag: { type: 'boolean', default: false, description: 'Either `a | b`,\nor neither.' },
          },
          additionalProperties: false,
        },
      },
      required: ['inner'],
      additionalProperties: false,
    },
    Worker: {
      type: 'object',
      properties: {
        port: { type: 'number', minimum: 1, maximum: 65535, description: 'Port it listens on.' },
        tags: { type: 'array', items: { type: 'string' }, default: '- the name only' },
      },
      required: ['port'],
      additionalProperties: false,
    },
  },
};

const layout: ReferenceLayout = {
  title: 'Reference',
  preamble: 'Generated; do not edit.',
  sections: [{ title: 'Root settings', definition: 'Root', intro: 'In `root.ts`.' }],
};

/** The rendered document from its first `##` section on (the legend above it is fixed text). */
const sectionsOf = (markdown: string) => markdown.slice(markdown.indexOf('\n## ') + 1);

describe('renderConfigReference', () => {
  test('flattens nested objects and maps into dotted paths, one table row per setting', () => {
    // GIVEN a schema with nested objects, a map, an enum, a range, a pattern, defaults and a `|`
    // WHEN it is rendered
    const markdown = renderConfigReference(schema, layout);

    // THEN the title and preamble come first, then one table per top-level group
    expect(markdown.startsWith('# Reference\n\nGenerated; do not edit.\n\n')).toBe(true);
    expect(sectionsOf(markdown)).toBe(
      [
        '## Root settings',
        '',
        'In `root.ts`. The whole file.',
        '',
        '| Setting | Type | Accepted | Default | Description |',
        '|---|---|---|---|---|',
        '| `name` | string | matching `^[a-z]+$` | *required* | Short name. |',
        '| `size` | number | 1 to 10 | `2` | How many. |',
        '| `mode` | string | `"fast"`, `"safe"` | `"fast"` | Speed or safety. |',
        '',
        '### `nested`',
        '',
        '| Setting | Type | Accepted | Default | Description |',
        '|---|---|---|---|---|',
        '| `nested` | object |  | *required* | Grouped settings. |',
        '| `nested.inner` | object |  | *required* |  |',
        '| `nested.inner.flag` | boolean |  | `false` | Either `a \\| b`,<br>or neither. |',
        '',
        '### `workers`',
        '',
        '| Setting | Type | Accepted | Default | Description |',
        '|---|---|---|---|---|',
        '| `workers` | map of object |  | *required* | Workers by name. |',
        '| `workers.<name>.port` | number | 1 to 65535 | *required* | Port it listens on. |',
        '| `workers.<name>.tags` | list of string |  | the name only |  |',
        '',
      ].join('\n'),
    );
  });

  test("a discriminated union lists each branch's settings under the condition that allows them", () => {
    const union: SchemaDocument = {
      definitions: {
        Root: {
          type: 'object',
          properties: {
            capacity: {
              type: 'object',
              properties: { type: { enum: ['ec2', 'fargate'] } },
              required: ['type'],
              allOf: [
                {
                  if: { properties: { type: { type: 'string', const: 'fargate' } } },
                  then: {
                    type: 'object',
                    properties: {
                      type: { const: 'fargate' },
                      weight: { type: 'number', description: 'Share.' },
                    },
                    required: ['type', 'weight'],
                  },
                },
              ],
            },
          },
          required: ['capacity'],
        },
      },
    };
    expect(sectionsOf(renderConfigReference(union, layout))).toContain(
      [
        '| `capacity.type` | string | `"ec2"`, `"fargate"` | *required* |  |',
        '| `capacity.weight` | number |  | *required* | Only when `type` is `"fargate"`. Share. |',
      ].join('\n'),
    );
  });

  test('an optional setting without a default, and a default that is not a value, are shown as such', () => {
    const optional: SchemaDocument = {
      definitions: {
        Root: {
          type: 'object',
          properties: {
            note: { type: 'string' },
            endpoints: { type: 'array', items: { type: 'string' }, default: 'DEFAULT_ENDPOINTS' },
          },
        },
      },
    };
    expect(sectionsOf(renderConfigReference(optional, layout))).toContain(
      ['| `note` | string |  | – |  |', '| `endpoints` | list of string |  | `DEFAULT_ENDPOINTS` |  |'].join(
        '\n',
      ),
    );
  });

  test('fails when the schema uses a keyword it does not render, naming the setting', () => {
    const unrendered: SchemaDocument = {
      definitions: {
        Root: { type: 'object', properties: { odd: { type: 'string', not: { const: 'x' } } as never } },
      },
    };
    expect(() => renderConfigReference(unrendered, layout)).toThrow(/^odd: schema keyword\(s\) not /);
  });

  test('fails when a section names a definition the schema lacks', () => {
    expect(() => renderConfigReference({ definitions: {} }, layout)).toThrow(
      'definition Root is not in the schema',
    );
  });
});

describe('markdownTable', () => {
  test('escapes every | so that each row keeps its columns', () => {
    const table = markdownTable(['a', 'b'], [['x | y', '`p|q`']]);
    expect(table).toBe('| a | b |\n|---|---|\n| x \\| y | `p\\|q` |');
  });
});

describe('the shipped reference', () => {
  const markdown = generateConfigReference(readFileSync(SCHEMA_FILE, 'utf8'));

  test('documents settings of the project and of an environment by path', () => {
    for (const path of [
      'services.<name>.exposure',
      'services.<name>.cpu',
      'network.nat',
      'database.readers',
    ]) {
      expect(markdown).toContain(`| \`${path}\` |`);
    }
    expect(markdown).toContain('## Project settings');
    expect(markdown).toContain('## Environment settings');
  });

  test('every table row has as many cells as its header', () => {
    const rows = markdown.split('\n').filter((line) => line.startsWith('|'));
    expect(rows.length).toBeGreaterThan(50);
    // A GFM row's cells are split at the pipes no backslash escapes.
    for (const row of rows)
      expect({ row, pipes: row.match(/(?<!\\)\|/g)?.length }).toEqual({ row, pipes: 6 });
  });
});

describe('npm run schema', () => {
  let dir: string;
  let files: { schema: string; reference: string };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'config-schema-'));
    files = { schema: join(dir, 'config.schema.json'), reference: join(dir, 'configuration-reference.md') };
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  test('writes both files, which --check then accepts', () => {
    expect(run([], files)).toBe(0);
    expect(readFileSync(files.reference, 'utf8')).toBe(
      generateConfigReference(readFileSync(files.schema, 'utf8')),
    );
    expect(run(['--check'], files)).toBe(0);
    expect(console.error).not.toHaveBeenCalled();
  });

  test('--check fails on a stale reference, naming it, and writes nothing', () => {
    // GIVEN a current schema and a reference edited by hand
    expect(run([], files)).toBe(0);
    const schemaBefore = readFileSync(files.schema, 'utf8');
    const stale = readFileSync(files.reference, 'utf8').replace('| `network.nat` |', '| `network.natMode` |');
    writeFileSync(files.reference, stale);
    const modified = statSync(files.reference).mtimeMs;

    // WHEN the check runs
    const code = run(['--check'], files);

    // THEN it fails naming only the reference, and neither file changed
    expect(code).toBe(1);
    expect(console.error).toHaveBeenCalledTimes(1);
    expect(jest.mocked(console.error).mock.calls[0][0]).toMatch(/configuration-reference\.md does not match/);
    expect(readFileSync(files.reference, 'utf8')).toBe(stale);
    expect(statSync(files.reference).mtimeMs).toBe(modified);
    expect(readFileSync(files.schema, 'utf8')).toBe(schemaBefore);
  });

  test('--check names each file that is out of date: a missing reference and a changed schema', () => {
    expect(run([], files)).toBe(0);
    rmSync(files.reference);
    writeFileSync(files.schema, readFileSync(files.schema, 'utf8').replace('"none"', '"nat"'));
    expect(run(['--check'], files)).toBe(1);
    expect(jest.mocked(console.error).mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(/config\.schema\.json does not match envs\/types\.ts/),
      expect.stringMatching(/configuration-reference\.md does not match envs\/types\.ts/),
    ]);
  });
});
