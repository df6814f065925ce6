/** Shapes that both the config validator and the modules check, kept in one place so they agree. */

/** An AWS account ID: exactly 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;

/** An e-mail address SNS can subscribe: one "@", a domain of non-empty dot-separated labels. */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** A Route53 hosted zone ID. */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/**
 * A lower-case DNS name of two or more labels, optionally a wildcard (`*.`); lower case because
 * Route53 and ACM return names lower-cased, so anything else would show a diff on every plan.
 */
export const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** The longest DNS name. */
export const MAX_DNS_NAME_LENGTH = 253;

/** A DNS name as a private hosted zone record takes it: any case, underscores allowed, optional final dot. */
export const DNS_NAME_ANY_CASE =
  /^(?=.{1,253}$)([a-zA-Z0-9_]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.?$/;
