/**
 * Renders a configuration reference in Markdown from the JSON schema `npm run schema` generates
 * (scripts/config-schema.ts): one row per setting, its dotted path, type, what the schema accepts,
 * default and description. Everything shown comes from the schema; a keyword this file does not
 * render is an error rather than a silently missing fact.
 */

/** The part of JSON Schema (draft-07) that ts-json-schema-generator writes for our types. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly $comment?: string;
  readonly title?: string;
  readonly description?: string;
  readonly markdownDescription?: string;
  readonly type?: string | readonly string[];
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly allOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly if?: JsonSchema;
  readonly then?: JsonSchema;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
}

export interface SchemaDocument {
  readonly definitions: Readonly<Record<string, JsonSchema>>;
}

/** One `##` section: the settings of one top-level definition. */
export interface ReferenceSection {
  readonly title: string;
  /** Name in `definitions` of the object the section documents. */
  readonly definition: string;
  /** Markdown shown under the title, before the definition's own description. */
  readonly intro: string;
}

export interface ReferenceLayout {
  readonly title: string;
  /** Markdown under the title: where the file comes from and that it is not edited by hand. */
  readonly preamble: string;
  readonly sections: readonly ReferenceSection[];
}

/** Keywords rendered (or deliberately not shown: `additionalProperties: false` closes an object). */
const RENDERED = new Set<string>([
  '$ref',
  '$comment',
  'title',
  'description',
  'markdownDescription',
  'type',
  'default',
  'examples',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
]);

interface Setting {
  readonly path: string;
  readonly type: string;
  readonly accepted: string;
  readonly default: string;
  readonly description: string;
}

/** A GFM table. A `|` in a cell is escaped (also inside code spans, as GFM wants), a line break becomes `<br>`. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c) => c.replace(/\r?\n/g, '<br>').replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** An inline code span that survives backticks in its text. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

const json = (value: unknown) => code(JSON.stringify(value));

class Renderer {
  constructor(private readonly document: SchemaDocument) {}

  /** The schema with its `$ref` chain followed; the referring schema's own keywords win. */
  resolve(schema: JsonSchema, path: string, seen: readonly string[] = []): JsonSchema {
    if (schema.$ref === undefined) return schema;
    const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name === undefined ? undefined : this.document.definitions[decodeURIComponent(name)];
    if (name === undefined || target === undefined) throw new Error(`${path}: cannot resolve ${schema.$ref}`);
    if (seen.includes(name)) throw new Error(`${path}: recursive type ${name} cannot be flattened`);
    const { $ref: _ref, ...own } = schema;
    return { ...this.resolve(target, path, [...seen, name]), ...own };
  }

  settings(schema: JsonSchema, path: string, required: boolean): Setting[] {
    const out: Setting[] = [];
    this.collect(schema, path, required, '', out);
    return out;
  }

  private collect(node: JsonSchema, path: string, required: boolean, note: string, out: Setting[]): void {
    const schema = this.resolve(node, path);
    const unknown = Object.keys(schema).filter((k) => !RENDERED.has(k));
    if (unknown.length > 0) {
      throw new Error(
        `${path}: schema keyword(s) ${unknown.join(', ')} not rendered by scripts/config-reference.ts`,
      );
    }
    const description = schema.description ?? schema.title ?? '';
    out.push({
      path,
      type: this.typeOf(schema, path),
      accepted: this.accepted(schema, path),
      default: this.defaultOf(schema, required),
      description: [note, description].filter((s) => s.length > 0).join(' '),
    });
    this.collectChildren(schema, path, note, out);
  }

  private collectChildren(schema: JsonSchema, path: string, note: string, out: Setting[]): void {
    const seen = new Set(Object.keys(schema.properties ?? {}));
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      this.collect(child, `${path}.${key}`, (schema.required ?? []).includes(key), note, out);
    }
    for (const branch of schema.allOf ?? []) {
      if (branch.if === undefined || branch.then === undefined) {
        throw new Error(`${path}: only allOf of if/then (a discriminated union) is rendered`);
      }
      const then = this.resolve(branch.then, path);
      const when = `Only when ${this.condition(branch.if, path)}.`;
      for (const [key, child] of Object.entries(then.properties ?? {})) {
        if (seen.has(key)) continue;
        seen.add(key);
        this.collect(child, `${path}.${key}`, (then.required ?? []).includes(key), when, out);
      }
    }
    for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
      const resolved = this.resolve(variant, path);
      for (const [key, child] of Object.entries(resolved.properties ?? {})) {
        if (seen.has(key)) continue;
        seen.add(key);
        this.collect(child, `${path}.${key}`, (resolved.required ?? []).includes(key), note, out);
      }
    }
    const values = schema.additionalProperties;
    if (typeof values === 'object')
      this.collectChildren(this.resolve(values, path), `${path}.<name>`, note, out);
    if (schema.items !== undefined)
      this.collectChildren(this.resolve(schema.items, path), `${path}[]`, note, out);
  }

  private condition(schema: JsonSchema, path: string): string {
    const parts = Object.entries(schema.properties ?? {}).map(([key, value]) => {
      if (value.const !== undefined) return `${code(key)} is ${json(value.const)}`;
      if (value.enum !== undefined) return `${code(key)} is one of ${value.enum.map(json).join(', ')}`;
      throw new Error(`${path}: an if/then condition on ${key} without const or enum is not rendered`);
    });
    if (parts.length === 0)
      throw new Error(`${path}: an if/then condition without properties is not rendered`);
    return parts.join(' and ');
  }

  private typeOf(node: JsonSchema, path: string): string {
    const schema = this.resolve(node, path);
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants !== undefined) return [...new Set(variants.map((v) => this.typeOf(v, path)))].join(' or ');
    const literals = schema.const !== undefined ? [schema.const] : schema.enum;
    if (literals !== undefined && schema.type === undefined) {
      return [...new Set(literals.map((v) => (v === null ? 'null' : typeof v)))].join(' or ');
    }
    const types =
      schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type;
    const label = (type: string) => {
      if (type === 'array') return `list of ${schema.items ? this.typeOf(schema.items, path) : 'any'}`;
      if (type === 'object' && typeof schema.additionalProperties === 'object' && !schema.properties) {
        return `map of ${this.typeOf(schema.additionalProperties, path)}`;
      }
      return type;
    };
    if (types.length > 0) return types.map(label).join(' or ');
    if (schema.properties || schema.allOf) return 'object';
    if (schema.items) return label('array');
    return 'any';
  }

  private accepted(node: JsonSchema, path: string): string {
    const schema = this.resolve(node, path);
    const parts: string[] = [];
    if (schema.const !== undefined) parts.push(json(schema.const));
    if (schema.enum !== undefined) parts.push(schema.enum.map(json).join(', '));
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants !== undefined) {
      const each = variants.map((v) => this.accepted(v, path)).filter((a) => a.length > 0);
      if (each.length > 0) parts.push(each.join(' or '));
    }
    const range = (low: string | undefined, high: string | undefined, unit: string) => {
      if (low !== undefined && high !== undefined)
        parts.push(low === high ? `exactly ${low}${unit}` : `${low} to ${high}${unit}`);
      else if (low !== undefined) parts.push(`at least ${low}${unit}`);
      else if (high !== undefined) parts.push(`at most ${high}${unit}`);
    };
    range(schema.minimum?.toString(), schema.maximum?.toString(), '');
    if (schema.exclusiveMinimum !== undefined) parts.push(`above ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined) parts.push(`below ${schema.exclusiveMaximum}`);
    if (schema.multipleOf !== undefined) parts.push(`a multiple of ${schema.multipleOf}`);
    range(schema.minLength?.toString(), schema.maxLength?.toString(), ' characters');
    if (schema.pattern !== undefined) parts.push(`matching ${code(schema.pattern)}`);
    if (schema.format !== undefined) parts.push(`format ${code(schema.format)}`);
    range(schema.minItems?.toString(), schema.maxItems?.toString(), ' items');
    if (schema.uniqueItems === true) parts.push('no duplicates');
    if (schema.items !== undefined) {
      const items = this.accepted(schema.items, path);
      if (items.length > 0) parts.push(`each item: ${items}`);
    }
    if (typeof schema.additionalProperties === 'object') {
      const values = this.accepted(schema.additionalProperties, path);
      if (values.length > 0) parts.push(`each value: ${values}`);
    }
    if (schema.examples !== undefined) parts.push(`for example ${schema.examples.map(json).join(', ')}`);
    return parts.join('; ');
  }

  /**
   * ts-json-schema-generator parses an `@default` tag as JSON5 and keeps the text when that fails,
   * so `@default 'none'` arrives as "none" and `@default - no record` as "- no record".
   */
  private defaultOf(schema: JsonSchema, required: boolean): string {
    const value = schema.default;
    if (value === undefined) return required ? '*required*' : '–';
    if (typeof value !== 'string') return json(value);
    if (value.startsWith('- ')) return value.slice(2);
    const types = typeof schema.type === 'string' ? [schema.type] : (schema.type ?? []);
    if (schema.enum?.includes(value) ?? types.includes('string')) return json(value);
    // Not a value of the setting's type: a constant's name or a phrase, as written in the tag.
    return /^[A-Za-z_$][\w$.]*$/.test(value) ? code(value) : value;
  }
}

const COLUMNS = ['Setting', 'Type', 'Accepted', 'Default', 'Description'];

function table(settings: readonly Setting[]): string {
  return markdownTable(
    COLUMNS,
    settings.map((s) => [code(s.path), s.type, s.accepted, s.default, s.description]),
  );
}

const LEGEND = [
  '- **Setting**: the path from the object the file exports; `<name>` stands for any key of a map,',
  '  `[]` for each item of a list.',
  '- **Accepted**: what the schema itself restricts (listed values, ranges, patterns). The rules',
  '  `validate()` applies to values are stated in the description.',
  '- **Default**: what applies when the setting is left out, from the `@default` tag of the prop it',
  '  feeds; *required* when it cannot be left out; – when it may be left out and states no default.',
].join('\n');

/** The whole reference, deterministic for a given schema and layout. */
export function renderConfigReference(document: SchemaDocument, layout: ReferenceLayout): string {
  const renderer = new Renderer(document);
  const parts = [`# ${layout.title}`, layout.preamble.trim(), LEGEND];
  for (const section of layout.sections) {
    const root = document.definitions[section.definition];
    if (root === undefined) throw new Error(`definition ${section.definition} is not in the schema`);
    const resolved = renderer.resolve(root, section.definition);
    parts.push(`## ${section.title}`);
    parts.push([section.intro.trim(), resolved.description ?? ''].filter((s) => s.length > 0).join(' '));
    const leaves: Setting[] = [];
    const groups: Setting[][] = [];
    for (const [key, child] of Object.entries(resolved.properties ?? {})) {
      const rows = renderer.settings(child, key, (resolved.required ?? []).includes(key));
      if (rows.length === 1) leaves.push(rows[0]);
      else groups.push(rows);
    }
    if (leaves.length > 0) parts.push(table(leaves));
    for (const group of groups) {
      parts.push(`### ${code(group[0].path)}`);
      parts.push(table(group));
    }
  }
  return `${parts.join('\n\n')}\n`;
}
