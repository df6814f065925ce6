/** Shapes that both the config validator and the modules check, kept in one place so they agree. */

/** An AWS account ID: exactly 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;

/** An e-mail address SNS can subscribe: one "@", a domain of non-empty dot-separated labels. */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
