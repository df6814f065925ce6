import { ALL_QUOTAS } from './quotas';

/**
 * What is wrong with the raised quotas given to ServiceLimits, one message each: a quota that does
 * not exist, one AWS does not adjust, or a value that does not raise it.
 */
export function raisedQuotaProblems(raised: Readonly<Record<string, number>>): string[] {
  return Object.entries(raised).flatMap(([id, value]) => {
    const quota = ALL_QUOTAS.find((q) => q.id === id);
    if (!quota)
      return [`ServiceLimits: unknown quota ${id}; known: ${ALL_QUOTAS.map((q) => q.id).join(', ')}`];
    if (!quota.adjustable) return [`ServiceLimits: ${id} (${quota.what}) is not adjustable`];
    return value > quota.limit ? [] : [`ServiceLimits: ${id} raised to ${value}, not above ${quota.limit}`];
  });
}
