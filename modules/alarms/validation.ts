import { Token } from 'cdktf';

/**
 * Checks shared by the alarm constructs. Each throws naming the construct, its id, the field, the
 * value received and what would be accepted; values that are tokens are only known at apply time
 * and are skipped.
 */

/** What each construct calls its own name in error messages, for example `ServiceAlarms backend`. */
export type Where = string;

function fail(where: Where, field: string, value: unknown, accepted: string): never {
  throw new Error(`${where}: ${field} is ${JSON.stringify(value)}; accepted: ${accepted}`);
}

/** A number above zero, such as an error count or a latency. */
export function checkPositive(where: Where, field: string, value: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isFinite(value) || value <= 0) fail(where, field, value, 'a number greater than 0');
}

/** A percentage threshold; 0 would alarm on any load and above 100 never. */
export function checkPercent(where: Where, field: string, value: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isFinite(value) || value < 1 || value > 100)
    fail(where, field, value, 'a number from 1 to 100');
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A piece of an alarm name: CloudWatch accepts much more, but these also read well in e-mail subjects. */
export function checkName(where: Where, field: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!NAME.test(value))
    fail(where, field, value, 'letters, digits, ".", "_" and "-", starting with a letter or digit');
}

/**
 * ELB metric dimensions take the ARN suffix (`app/<name>/<id>`), not the ARN. A full ARN makes a
 * valid alarm on a metric that never exists, which with notBreaching stays OK forever.
 */
export function checkArnSuffix(
  where: Where,
  field: string,
  value: string,
  kind: 'app' | 'targetgroup',
): void {
  if (Token.isUnresolved(value)) return;
  if (!new RegExp(`^${kind}/[A-Za-z0-9-]+/[0-9a-f]+$`).test(value)) {
    fail(where, field, value, `the ARN suffix, ${kind}/<name>/<id> (the resource's arn_suffix attribute)`);
  }
}
