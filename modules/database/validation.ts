import { Token } from 'cdktf';

/**
 * Rules of the Database props as plain functions, so that `envs/validate()` can report the
 * same problems (with its own field path in front) before any construct is built.
 * Each problem reads `<field>: <value received> <what is wrong>; <what is accepted>`.
 */

export type DatabaseEngine = 'aurora-mysql' | 'aurora-postgresql';

export const DATABASE_ENGINES: readonly DatabaseEngine[] = ['aurora-mysql', 'aurora-postgresql'];

/**
 * Lowest minimum capacity accepted. AWS accepts 0 ACU (auto-pause) only on engine versions
 * that support it (Aurora MySQL 3.08+, Aurora PostgreSQL 13.15+/14.12+/15.7+/16.3+) and then
 * the first connection after a pause waits for the instance to resume; the backend's
 * connection pool would see that as an outage, so 0 is refused here on purpose.
 */
export const ACU_MIN = 0.5;
/** Highest capacity of recent Aurora versions (older ones stop at 128; AWS refuses those). */
export const ACU_MAX = 256;
/** AWS refuses a maximum capacity of 0.5 ACU. */
export const ACU_MAX_LOWEST = 1;
export const ACU_STEP = 0.5;
export const MAX_READERS = 15;

const MYSQL_VERSION = /^8\.0\.mysql_aurora\.3\.\d{2}\.\d+$/;
const POSTGRES_VERSION = /^(\d{2})\.(\d{1,2})$/;
/** Serverless v2 exists for Aurora PostgreSQL 13 and later. */
const POSTGRES_LOWEST_MAJOR = 13;

const isNumberToken = (n: number) => Token.isUnresolved(n);
const isHalfStep = (n: number) => Number.isInteger(n / ACU_STEP);

/** Problems with a Serverless v2 capacity range; empty when it is acceptable. */
export function serverlessV2Problems(minCapacityAcu: number, maxCapacityAcu: number): string[] {
  const problems: string[] = [];
  const accepted = `accepted: ${ACU_MIN} to ${ACU_MAX} ACU in steps of ${ACU_STEP}`;
  const minKnown = !isNumberToken(minCapacityAcu);
  const maxKnown = !isNumberToken(maxCapacityAcu);
  if (minKnown) {
    if (minCapacityAcu === 0) {
      problems.push(
        `minCapacityAcu: 0 would let the cluster auto-pause (first connection waits for it to resume); ${accepted}`,
      );
    } else if (!Number.isFinite(minCapacityAcu) || minCapacityAcu < ACU_MIN || minCapacityAcu > ACU_MAX) {
      problems.push(`minCapacityAcu: ${minCapacityAcu} is out of range; ${accepted}`);
    } else if (!isHalfStep(minCapacityAcu)) {
      problems.push(`minCapacityAcu: ${minCapacityAcu} is not a multiple of ${ACU_STEP}; ${accepted}`);
    }
  }
  if (maxKnown) {
    if (!Number.isFinite(maxCapacityAcu) || maxCapacityAcu < ACU_MAX_LOWEST || maxCapacityAcu > ACU_MAX) {
      problems.push(
        `maxCapacityAcu: ${maxCapacityAcu} is out of range; accepted: ${ACU_MAX_LOWEST} to ${ACU_MAX} ACU in steps of ${ACU_STEP}`,
      );
    } else if (!isHalfStep(maxCapacityAcu)) {
      problems.push(`maxCapacityAcu: ${maxCapacityAcu} is not a multiple of ${ACU_STEP}; ${accepted}`);
    }
  }
  if (minKnown && maxKnown && minCapacityAcu > maxCapacityAcu) {
    problems.push(
      `minCapacityAcu: ${minCapacityAcu} is above maxCapacityAcu ${maxCapacityAcu}; the minimum must not exceed the maximum`,
    );
  }
  return problems;
}

/** Why `version` is not a Serverless v2 version of `engine`, or undefined when it is one. */
export function engineVersionProblem(engine: string, version: string): string | undefined {
  if (Token.isUnresolved(version)) return undefined;
  if (engine === 'aurora-mysql') {
    return MYSQL_VERSION.test(version)
      ? undefined
      : `engineVersion: "${version}" is not an Aurora MySQL 3 version; expected 8.0.mysql_aurora.3.<minor>.<patch>, for example 8.0.mysql_aurora.3.08.2`;
  }
  if (engine === 'aurora-postgresql') {
    const match = POSTGRES_VERSION.exec(version);
    if (!match) {
      return `engineVersion: "${version}" is not an Aurora PostgreSQL version; expected <major>.<minor>, for example 16.6`;
    }
    if (Number(match[1]) < POSTGRES_LOWEST_MAJOR) {
      return `engineVersion: "${version}" is older than Aurora PostgreSQL ${POSTGRES_LOWEST_MAJOR}, which Serverless v2 needs`;
    }
    return undefined;
  }
  return `engine: "${engine}" is not supported; accepted: ${DATABASE_ENGINES.join(', ')}`;
}

/**
 * Cluster parameter group family of a version that passed `engineVersionProblem`:
 * `aurora-mysql8.0`, `aurora-postgresql16`.
 */
export function parameterGroupFamily(engine: DatabaseEngine, version: string): string {
  if (engine === 'aurora-mysql') return 'aurora-mysql8.0';
  return `aurora-postgresql${version.split('.')[0]}`;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const WINDOW_LOWEST_MINUTES = 30;
const HHMM = '([01]\\d|2[0-3]):([0-5]\\d)';
const BACKUP_WINDOW = new RegExp(`^${HHMM}-${HHMM}$`);
const MAINTENANCE_WINDOW = new RegExp(`^(${DAYS.join('|')}):${HHMM}-(${DAYS.join('|')}):${HHMM}$`);

interface Span {
  readonly start: number;
  readonly length: number;
}

const minutes = (h: string, m: string) => Number(h) * 60 + Number(m);

function parseBackupWindow(text: string): Span | undefined {
  const m = BACKUP_WINDOW.exec(text);
  if (!m) return undefined;
  const start = minutes(m[1], m[2]);
  return { start, length: (minutes(m[3], m[4]) - start + DAY_MINUTES) % DAY_MINUTES };
}

function parseMaintenanceWindow(text: string): Span | undefined {
  const m = MAINTENANCE_WINDOW.exec(text);
  if (!m) return undefined;
  const start = DAYS.indexOf(m[1]) * DAY_MINUTES + minutes(m[2], m[3]);
  const end = DAYS.indexOf(m[4]) * DAY_MINUTES + minutes(m[5], m[6]);
  return { start, length: (end - start + WEEK_MINUTES) % WEEK_MINUTES };
}

/** True when two spans on the weekly clock share a minute. */
function overlapOnWeek(a: Span, b: Span): boolean {
  return [-WEEK_MINUTES, 0, WEEK_MINUTES].some(
    (shift) => a.start < b.start + shift + b.length && b.start + shift < a.start + a.length,
  );
}

/**
 * Problems with the daily backup window (`hh24:mi-hh24:mi`, UTC) and the weekly maintenance
 * window (`ddd:hh24:mi-ddd:hh24:mi`, UTC): format, at least 30 minutes each, no overlap
 * (AWS refuses overlapping windows at apply time, long after a plan looked fine).
 */
export function windowProblems(backupWindow: string, maintenanceWindow: string): string[] {
  const problems: string[] = [];
  const backup = Token.isUnresolved(backupWindow) ? undefined : parseBackupWindow(backupWindow);
  const maintenance = Token.isUnresolved(maintenanceWindow)
    ? undefined
    : parseMaintenanceWindow(maintenanceWindow);
  if (!Token.isUnresolved(backupWindow)) {
    if (!backup) {
      problems.push(`backupWindow: "${backupWindow}" is not hh24:mi-hh24:mi in UTC, for example 17:00-17:30`);
    } else if (backup.length < WINDOW_LOWEST_MINUTES) {
      problems.push(`backupWindow: "${backupWindow}" is shorter than ${WINDOW_LOWEST_MINUTES} minutes`);
    }
  }
  if (!Token.isUnresolved(maintenanceWindow)) {
    if (!maintenance) {
      problems.push(
        `maintenanceWindow: "${maintenanceWindow}" is not ddd:hh24:mi-ddd:hh24:mi in UTC with lower-case days, for example sun:18:00-sun:19:00`,
      );
    } else if (maintenance.length < WINDOW_LOWEST_MINUTES) {
      problems.push(
        `maintenanceWindow: "${maintenanceWindow}" is shorter than ${WINDOW_LOWEST_MINUTES} minutes`,
      );
    }
  }
  if (backup && maintenance) {
    const overlaps = DAYS.some((_, day) =>
      overlapOnWeek({ start: day * DAY_MINUTES + backup.start, length: backup.length }, maintenance),
    );
    if (overlaps) {
      problems.push(
        `maintenanceWindow: "${maintenanceWindow}" overlaps backupWindow "${backupWindow}"; AWS requires them apart`,
      );
    }
  }
  return problems;
}
