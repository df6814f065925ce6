import { randomUUID } from 'node:crypto';
import { placeholderValue, type TfType } from './placeholders';

/** What `terraform show -json <planfile>` says about outputs. */
export interface PlanJson {
  readonly output_changes?: Record<
    string,
    { after?: unknown; after_unknown?: unknown; after_sensitive?: unknown }
  >;
  readonly configuration?: {
    readonly root_module?: {
      readonly outputs?: Record<string, { expression?: { references?: string[] }; sensitive?: boolean }>;
    };
  };
}

/** What `terraform providers schema -json` says: resource type -> attribute -> type. */
export interface ProviderSchemas {
  readonly provider_schemas: Record<
    string,
    { resource_schemas?: Record<string, { block: { attributes?: Record<string, { type?: TfType }> } }> }
  >;
}

/**
 * A Terraform v4 state holding only outputs: the producer's planned output values where the plan
 * knows them, placeholders of the right type where it does not. Pushed to the producer's backend,
 * it lets consumers plan against real `terraform_remote_state` reads.
 */
export function seededState(
  plan: PlanJson,
  schemas: ProviderSchemas,
  region: string,
): Record<string, unknown> {
  const attributes = attributeTypes(schemas);
  const declared = plan.configuration?.root_module?.outputs ?? {};
  const outputs: Record<string, { value: unknown; type: unknown; sensitive?: boolean }> = {};

  for (const [name, change] of Object.entries(plan.output_changes ?? {})) {
    let value = change.after;
    if (change.after_unknown !== false && change.after_unknown !== undefined) {
      value = placeholderFor(name, declared[name]?.expression?.references ?? [], attributes, region);
    }
    outputs[name] = {
      value,
      type: typeOf(value),
      ...(declared[name]?.sensitive ? { sensitive: true } : {}),
    };
  }
  return {
    version: 4,
    terraform_version: '1.11.0',
    serial: 1,
    lineage: randomUUID(),
    outputs,
    resources: [],
  };
}

function placeholderFor(
  output: string,
  references: readonly string[],
  attributes: Map<string, TfType>,
  region: string,
): unknown {
  // References look like "aws_vpc.network_vpc_1A2B.id" or
  // "aws_rds_cluster.db.master_user_secret[0].secret_arn" (most specific first).
  for (const reference of references) {
    const [type, name, ...path] = reference.replace(/\[(\d+)\]/g, '.[$1]').split('.');
    if (type === 'data' || path.length === 0) continue;
    let attrType = attributes.get(`${type}.${path[0]}`);
    for (const step of path.slice(1)) {
      if (attrType === undefined || typeof attrType === 'string') break;
      const [kind, inner] = attrType;
      attrType =
        step.startsWith('[') && kind !== 'object'
          ? (inner as TfType)
          : kind === 'object'
            ? (inner as Record<string, TfType>)[step]
            : undefined;
    }
    const leaf = [...path].reverse().find((step) => !step.startsWith('['))!;
    if (attrType !== undefined) return placeholderValue(type, name, leaf, attrType, region);
  }
  throw new Error(
    `output "${output}" is unknown at plan time and refers to no resource attribute the harness can imitate (${references.join(', ')})`,
  );
}

function attributeTypes(schemas: ProviderSchemas): Map<string, TfType> {
  const types = new Map<string, TfType>();
  for (const provider of Object.values(schemas.provider_schemas)) {
    for (const [resource, schema] of Object.entries(provider.resource_schemas ?? {})) {
      for (const [attribute, spec] of Object.entries(schema.block.attributes ?? {})) {
        if (spec.type) types.set(`${resource}.${attribute}`, spec.type);
      }
    }
  }
  return types;
}

/** The JSON type expression state files record next to each output value. */
function typeOf(value: unknown): unknown {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(typeOf)];
  if (value && typeof value === 'object') {
    return ['object', Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeOf(v)]))];
  }
  return 'string';
}
