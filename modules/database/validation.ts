import { DNS_NAME_ANY_CASE, LOG_RETENTION_DAYS, check, integerIn, isKnown, type Problem } from '../core';
import type { DatabaseProps } from './database';

/**
 * Rules of the Database props as plain functions, so that `envs/validate()` reports the same
 * problems (with its own field path in front) before any construct is built.
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
/**
 * Lowest minimum capacity AWS recommends for Serverless v2 instances with Performance Insights on
 * ("Performance and scaling for Aurora Serverless v2", choosing the minimum capacity): the feature
 * takes memory of its own, which a smaller instance lacks.
 */
export const PERFORMANCE_INSIGHTS_MIN_ACU = 2;

/** The part of the database a configuration chooses; the rest is wiring. */
export interface DatabaseSettings {
  /** Aurora engine. */
  readonly engine: DatabaseEngine;
  /** Version the cluster is created with, `8.0.mysql_aurora.3.08.2` or `16.6`; later changes are ignored (see Database). */
  readonly engineVersion: string;
  /** Name of the database created with the cluster. */
  readonly databaseName: string;
  /** Master user name; its password is generated and kept by RDS in Secrets Manager. */
  readonly masterUsername: string;
  /** Lowest Serverless v2 capacity of each instance, ACU (0.5 to 256, steps of 0.5). */
  readonly minCapacityAcu: number;
  /** Highest Serverless v2 capacity of each instance, ACU (1 to 256, steps of 0.5). */
  readonly maxCapacityAcu: number;
  /**
   * Reader instances, placed round robin in the AZs other than the writer's.
   * @default 0
   */
  readonly readers?: number;
  /** Days automated backups are kept, 1 to 35. */
  readonly backupRetentionDays: number;
  /** Daily backup window, `hh24:mi-hh24:mi` UTC, at least 30 minutes. */
  readonly backupWindow: string;
  /** Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC; must not overlap the backup window. */
  readonly maintenanceWindow: string;
  /**
   * Apply changes now instead of in the next maintenance window.
   * @default false
   */
  readonly applyImmediately?: boolean;
  /**
   * Cluster parameter group settings, applied at the next reboot.
   * @default {}
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * Performance Insights on every instance, encrypted with the cluster's KMS key. Refused with a
   * minCapacityAcu below 2: AWS recommends at least 2 ACUs with it on Serverless v2.
   * @default - on when minCapacityAcu is 2 or more, off below
   */
  readonly performanceInsights?: boolean;
}

/** Whether Performance Insights is on when the settings do not say: only where AWS recommends it. */
export function defaultPerformanceInsights(minCapacityAcu: number): boolean {
  return isKnown(minCapacityAcu) && minCapacityAcu >= PERFORMANCE_INSIGHTS_MIN_ACU;
}

const MYSQL_VERSION = /^8\.0\.mysql_aurora\.3\.\d{2}\.\d+$/;
const POSTGRES_VERSION = /^(\d{2})\.(\d{1,2})$/;
/** Serverless v2 exists for Aurora PostgreSQL 13 and later. */
const POSTGRES_LOWEST_MAJOR = 13;
/** Longest identifier of the engine; RDS refuses longer database and user names. */
const NAME_LIMITS: Record<DatabaseEngine, { database: number; user: number }> = {
  'aurora-mysql': { database: 64, user: 16 },
  'aurora-postgresql': { database: 63, user: 63 },
};
/** Users RDS creates for itself; a master user of that name fails at apply. */
const RESERVED_USERS = ['rdsadmin', 'rdsrepladmin', 'rdsproxyadmin', 'rdstopmgr'];
/** Default administrator names, the first an attacker tries (AWS Security Hub RDS.24 flags them). */
const DEFAULT_ADMIN_USERS = ['admin', 'root', 'postgres'];
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const PARAMETER_NAME = /^[a-zA-Z0-9_.]+$/;
const RETENTION = { lowest: 1, highest: 35 };
/** Leaves room for `-aurora-reader-15` within RDS's 63-character identifiers. */
const NAME_PREFIX = /^[a-z](?!.*--)[a-z0-9-]{0,38}[a-z0-9]$/;
/** The writer and the readers are spread over exactly three zones. */
const AZ_COUNT = 3;

const isHalfStep = (n: number) => Number.isInteger(n / ACU_STEP);

/** Every problem with the settings. */
export function databaseProblems(settings: DatabaseSettings): Problem[] {
  const engineKnown = DATABASE_ENGINES.includes(settings.engine);
  return [
    ...check(
      engineKnown,
      'engine',
      settings.engine,
      'is not a supported engine',
      DATABASE_ENGINES.map((e) => `"${e}"`).join(', '),
    ),
    ...(engineKnown
      ? [...engineVersionProblems(settings.engine, settings.engineVersion), ...nameProblems(settings)]
      : []),
    ...serverlessV2Problems(settings.minCapacityAcu, settings.maxCapacityAcu),
    ...performanceInsightsProblems(settings.performanceInsights, settings.minCapacityAcu),
    ...(settings.readers === undefined ? [] : integerIn('readers', settings.readers, 0, MAX_READERS)),
    ...integerIn(
      'backupRetentionDays',
      settings.backupRetentionDays,
      RETENTION.lowest,
      RETENTION.highest,
      'days Aurora keeps backups',
    ),
    ...windowProblems(settings.backupWindow, settings.maintenanceWindow),
    ...Object.keys(settings.parameters ?? {}).flatMap((name) =>
      check(
        PARAMETER_NAME.test(name),
        `parameters.${name}`,
        name,
        'is not a parameter name',
        'letters, digits, "_" and "."',
      ),
    ),
  ];
}

function nameProblems(settings: DatabaseSettings): Problem[] {
  const limits = NAME_LIMITS[settings.engine];
  const identifier = (path: string, value: string, limit: number) =>
    check(
      !isKnown(value) || (IDENTIFIER.test(value) && value.length <= limit),
      path,
      value,
      `is not an ${settings.engine} identifier`,
      `a letter followed by letters, digits or "_", at most ${limit} characters`,
    );
  const user = settings.masterUsername;
  return [
    ...identifier('databaseName', settings.databaseName, limits.database),
    ...identifier('masterUsername', user, limits.user),
    ...check(
      !isKnown(user) || !RESERVED_USERS.includes(user.toLowerCase()),
      'masterUsername',
      user,
      'is reserved by RDS',
      `a name other than ${RESERVED_USERS.join(', ')}`,
    ),
    ...check(
      !isKnown(user) || !DEFAULT_ADMIN_USERS.includes(user.toLowerCase()),
      'masterUsername',
      user,
      'is a default administrator name (Security Hub RDS.24)',
      `a name of your own, not ${DEFAULT_ADMIN_USERS.join(', ')}`,
    ),
  ];
}

/** Problems with a Serverless v2 capacity range. */
export function serverlessV2Problems(minCapacityAcu: number, maxCapacityAcu: number): Problem[] {
  const range = (lowest: number) => `${lowest} to ${ACU_MAX} ACU in steps of ${ACU_STEP}`;
  const capacity = (path: string, value: number, lowest: number) =>
    !isKnown(value)
      ? []
      : check(
          Number.isFinite(value) && value >= lowest && value <= ACU_MAX && isHalfStep(value),
          path,
          value,
          value === 0
            ? 'would let the cluster auto-pause (the first connection waits for it to resume)'
            : 'is not a Serverless v2 capacity',
          range(lowest),
        );
  return [
    ...capacity('minCapacityAcu', minCapacityAcu, ACU_MIN),
    ...capacity('maxCapacityAcu', maxCapacityAcu, ACU_MAX_LOWEST),
    ...check(
      !isKnown(minCapacityAcu) ||
        !isKnown(maxCapacityAcu) ||
        !Number.isFinite(minCapacityAcu + maxCapacityAcu) ||
        minCapacityAcu <= maxCapacityAcu,
      'minCapacityAcu',
      minCapacityAcu,
      `is above maxCapacityAcu ${maxCapacityAcu}`,
      `a minimum no higher than the maximum (${maxCapacityAcu})`,
    ),
  ];
}

/** Performance Insights asked for on instances smaller than AWS recommends for it. */
export function performanceInsightsProblems(
  performanceInsights: boolean | undefined,
  minCapacityAcu: number,
): Problem[] {
  return check(
    performanceInsights !== true ||
      !isKnown(minCapacityAcu) ||
      minCapacityAcu >= PERFORMANCE_INSIGHTS_MIN_ACU,
    'performanceInsights',
    performanceInsights,
    `is refused with minCapacityAcu ${minCapacityAcu}: AWS recommends at least ${PERFORMANCE_INSIGHTS_MIN_ACU} ACUs ` +
      'for Aurora Serverless v2 with Performance Insights, which takes memory of its own',
    `false (the default below ${PERFORMANCE_INSIGHTS_MIN_ACU} ACUs), or minCapacityAcu ${PERFORMANCE_INSIGHTS_MIN_ACU} or more`,
  );
}

/** Problems with `version` as a Serverless v2 version of `engine`. */
export function engineVersionProblems(engine: DatabaseEngine, version: string): Problem[] {
  if (!isKnown(version)) {
    return check(
      false,
      'engineVersion',
      '<token>',
      'is a token',
      'a literal version: it decides the parameter group family at synth time',
    );
  }
  if (engine === 'aurora-mysql') {
    return check(
      MYSQL_VERSION.test(version),
      'engineVersion',
      version,
      'is not an Aurora MySQL 3 version',
      '8.0.mysql_aurora.3.<minor>.<patch>, for example 8.0.mysql_aurora.3.08.2',
    );
  }
  const match = POSTGRES_VERSION.exec(version);
  return check(
    match !== null && Number(match[1]) >= POSTGRES_LOWEST_MAJOR,
    'engineVersion',
    version,
    match
      ? `is older than Aurora PostgreSQL ${POSTGRES_LOWEST_MAJOR}, which Serverless v2 needs`
      : 'is not an Aurora PostgreSQL version',
    `<major>.<minor> from ${POSTGRES_LOWEST_MAJOR} on, for example 16.6`,
  );
}

/**
 * Cluster parameter group family of a version without problems:
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
export function windowProblems(backupWindow: string, maintenanceWindow: string): Problem[] {
  const backup = isKnown(backupWindow) ? parseBackupWindow(backupWindow) : undefined;
  const maintenance = isKnown(maintenanceWindow) ? parseMaintenanceWindow(maintenanceWindow) : undefined;
  const long = `at least ${WINDOW_LOWEST_MINUTES} minutes`;
  return [
    ...check(
      !isKnown(backupWindow) || backup !== undefined,
      'backupWindow',
      backupWindow,
      'is not hh24:mi-hh24:mi in UTC',
      'for example "17:00-17:30"',
    ),
    ...check(
      !backup || backup.length >= WINDOW_LOWEST_MINUTES,
      'backupWindow',
      backupWindow,
      'is too short',
      long,
    ),
    ...check(
      !isKnown(maintenanceWindow) || maintenance !== undefined,
      'maintenanceWindow',
      maintenanceWindow,
      'is not ddd:hh24:mi-ddd:hh24:mi in UTC with lower-case days',
      'for example "sun:18:00-sun:19:00"',
    ),
    ...check(
      !maintenance || maintenance.length >= WINDOW_LOWEST_MINUTES,
      'maintenanceWindow',
      maintenanceWindow,
      'is too short',
      long,
    ),
    ...check(
      !backup ||
        !maintenance ||
        !DAYS.some((_, day) =>
          overlapOnWeek({ start: day * DAY_MINUTES + backup.start, length: backup.length }, maintenance),
        ),
      'maintenanceWindow',
      maintenanceWindow,
      `overlaps backupWindow "${backupWindow}"`,
      'a window apart from the daily backup window (AWS refuses overlapping windows)',
    ),
  ];
}

/** The retention of the exported logs, which the environment's configuration sets for all its logs. */
export function databaseLogRetentionProblems(days: number): Problem[] {
  return check(
    !isKnown(days) || LOG_RETENTION_DAYS.includes(days),
    'logRetentionDays',
    days,
    'is not a retention period CloudWatch Logs accepts',
    LOG_RETENTION_DAYS.join(', '),
  );
}

/** Problems with what the stack wires in: names, subnets, zones, the private record. */
export function databaseWiringProblems(
  props: Pick<DatabaseProps, 'namePrefix' | 'subnetIds' | 'availabilityZones' | 'readers' | 'privateZone'>,
): Problem[] {
  const azs = props.availabilityZones;
  const record = props.privateZone?.recordName;
  return [
    ...check(
      props.readers === undefined || isKnown(props.readers),
      'readers',
      '<token>',
      'is a token',
      'a literal count: the instances are created at synth time',
    ),
    ...check(
      !isKnown(props.namePrefix) || NAME_PREFIX.test(props.namePrefix),
      'namePrefix',
      props.namePrefix,
      'is not usable in RDS identifiers',
      '2-40 lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
    ),
    ...check(
      !isKnown(props.subnetIds) || props.subnetIds.length >= 2,
      'subnetIds',
      props.subnetIds,
      'has fewer than 2 subnets',
      'at least 2 subnets in different AZs (an RDS subnet group needs two)',
    ),
    ...check(
      azs.length === AZ_COUNT && new Set(azs).size === AZ_COUNT,
      'availabilityZones',
      azs,
      `is not ${AZ_COUNT} distinct zones`,
      `exactly ${AZ_COUNT} distinct AZ names`,
    ),
    ...check(
      record === undefined || !isKnown(record) || DNS_NAME_ANY_CASE.test(record),
      'privateZone.recordName',
      record,
      'is not a DNS name',
      'a name such as "db.dev.internal"',
    ),
  ];
}
