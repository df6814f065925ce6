import type { PlannedChange } from './plan-changes';

/**
 * The reviewed list of differences the emulator itself causes in a plan made right after an apply.
 *
 * An entry belongs here only when the configuration is right and moto answers differently from AWS
 * (an attribute it does not store or does not return), and filling the gap in
 * `testbed/emulator/moto_launcher.py` would cost more than it proves. A difference that is ours is
 * fixed in the constructs instead. The deploy tier fails on any difference not listed here, and on
 * any entry that no longer occurs, so the list cannot grow into a blanket exemption.
 */
export interface EmulatorDiff {
  /** Stack names it occurs in: a name, or a pattern with `*` (`*`, `*-frontend`). */
  readonly stacks: string;
  /** Resource type. */
  readonly type: string;
  /** Top-level attribute or block (as in `terraform show -json`). */
  readonly attribute: string;
  /** Why this is the emulator and not our configuration. */
  readonly why: string;
  /** The moto source file (and function) or issue that shows it. */
  readonly source: string;
}

export const EMULATOR_DIFFS: readonly EmulatorDiff[] = [];

/** Whether `entry` explains `change`. */
export function explains(entry: EmulatorDiff, change: PlannedChange): boolean {
  return (
    entry.type === change.type &&
    entry.attribute === change.attribute &&
    globMatch(entry.stacks, change.stack)
  );
}

export interface Reconciled {
  /** Changes no entry explains: ours, to be fixed. */
  readonly unexplained: readonly PlannedChange[];
  /** Entries that explained nothing in this run: stale, to be removed. */
  readonly unused: readonly EmulatorDiff[];
}

export function reconcile(changes: readonly PlannedChange[], entries = EMULATOR_DIFFS): Reconciled {
  return {
    unexplained: changes.filter((change) => !entries.some((entry) => explains(entry, change))),
    unused: entries.filter((entry) => !changes.some((change) => explains(entry, change))),
  };
}

function globMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return regex.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
