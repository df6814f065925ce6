import { isDeepStrictEqual } from 'node:util';

/** What `terraform show -json <planfile>` says about changes. */
export interface PlanJson {
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly type: string;
    readonly mode?: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before?: Record<string, unknown> | null;
      readonly after?: Record<string, unknown> | null;
      readonly after_unknown?: Record<string, unknown>;
    };
  }[];
  readonly output_changes?: Record<string, { readonly actions: readonly string[] }>;
}

/** One attribute of one resource that a plan would change. */
export interface PlannedChange {
  readonly stack: string;
  /** Resource address, or `output.<name>`. */
  readonly address: string;
  /** Resource type, or `output`. */
  readonly type: string;
  /** Terraform's actions: `update`, `delete`+`create` (replace), `create`, `delete`. */
  readonly actions: readonly string[];
  /** Top-level attribute or block that differs; `*` when the whole resource is created or deleted. */
  readonly attribute: string;
  /** `before -> after` of the attribute, shortened, for the report. */
  readonly values?: string;
}

const NO_CHANGE = new Set(['no-op', 'read']);

/** Every attribute-level change in a plan, one entry per resource attribute. */
export function plannedChanges(stack: string, plan: PlanJson): PlannedChange[] {
  const changes: PlannedChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const { actions, before, after, after_unknown: unknown = {} } = rc.change;
    if (rc.mode === 'data' || actions.every((a) => NO_CHANGE.has(a))) continue;
    const base = { stack, address: rc.address, type: rc.type, actions };
    if (!before || !after) {
      changes.push({ ...base, attribute: '*' });
      continue;
    }
    const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
    for (const key of [...keys].sort()) {
      if (containsTrue(unknown[key]) || !isDeepStrictEqual(before[key] ?? null, after[key] ?? null)) {
        const planned = containsTrue(unknown[key]) ? '(known after apply)' : brief(after[key]);
        changes.push({ ...base, attribute: key, values: `${brief(before[key])} -> ${planned}` });
      }
    }
  }
  for (const [name, change] of Object.entries(plan.output_changes ?? {})) {
    if (change.actions.every((a) => NO_CHANGE.has(a))) continue;
    changes.push({
      stack,
      address: `output.${name}`,
      type: 'output',
      actions: change.actions,
      attribute: name,
    });
  }
  return changes;
}

/** `after_unknown` marks unknown values with `true` anywhere below an attribute. */
function containsTrue(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(containsTrue);
  if (value && typeof value === 'object') return Object.values(value).some(containsTrue);
  return false;
}

function brief(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
