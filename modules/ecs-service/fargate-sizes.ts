/** Memory (MiB) Fargate accepts for one task CPU size (CPU units). */
interface MemoryRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/**
 * Task sizes Fargate accepts (Linux). 256 CPU units is the one size whose memory values are
 * not an even ladder, so it is listed as three one-value ranges.
 */
const FARGATE_MEMORY_BY_CPU: ReadonlyMap<number, readonly MemoryRange[]> = new Map([
  [
    256,
    [
      { min: 512, max: 512, step: 1 },
      { min: 1024, max: 1024, step: 1 },
      { min: 2048, max: 2048, step: 1 },
    ],
  ],
  [512, [{ min: 1024, max: 4096, step: 1024 }]],
  [1024, [{ min: 2048, max: 8192, step: 1024 }]],
  [2048, [{ min: 4096, max: 16384, step: 1024 }]],
  [4096, [{ min: 8192, max: 30720, step: 1024 }]],
  [8192, [{ min: 16384, max: 61440, step: 4096 }]],
  [16384, [{ min: 32768, max: 122880, step: 8192 }]],
]);

/** CPU sizes (units) Fargate accepts, smallest first. */
export const FARGATE_CPU_SIZES: readonly number[] = [...FARGATE_MEMORY_BY_CPU.keys()];

function describe(ranges: readonly MemoryRange[]): string {
  if (ranges.every((r) => r.min === r.max)) {
    return ranges.map((r) => r.min).join(', ');
  }
  return ranges.map((r) => `${r.min} to ${r.max} in steps of ${r.step}`).join(', ');
}

/**
 * Why Fargate would refuse a task of `cpu` units and `memory` MiB, or `undefined` when the
 * pair is accepted. The message has no field path so callers can prefix their own.
 */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
  const ranges = FARGATE_MEMORY_BY_CPU.get(cpu);
  if (ranges === undefined) {
    return `cpu ${cpu} is not a Fargate size; accepted: ${FARGATE_CPU_SIZES.join(', ')}`;
  }
  const fits = ranges.some((r) => memory >= r.min && memory <= r.max && (memory - r.min) % r.step === 0);
  if (!fits) {
    return `memory ${memory} does not fit cpu ${cpu} on Fargate; accepted with cpu ${cpu}: ${describe(ranges)}`;
  }
  return undefined;
}
