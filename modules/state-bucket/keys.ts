/**
 * The part of the bucket that belongs to one account: `<keyPrefix>/<account ID>`. Stacks keep their
 * state under their account's prefix, so that the bucket policy can grant each account its own keys
 * with one statement for all of them. (A file of its own: the configuration derives state keys
 * from it without loading the construct.)
 */
export function accountKeyPrefix(keyPrefix: string, accountId: string): string {
  return `${keyPrefix}/${accountId}`;
}
