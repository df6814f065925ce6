/**
 * What an ECS container instance of a given type offers tasks, for the x86_64 families this
 * platform uses. Types not listed return undefined and are checked by shape only.
 *
 * Sources: EC2 instance type specifications (vCPUs, memory, maximum network interfaces); Amazon ECS
 * Developer Guide, "Increasing Amazon ECS Linux container instance network interfaces" (ENI
 * trunking: a c5.large runs 10 awsvpc tasks with it instead of 2) and its table of supported
 * instance types.
 */
export interface InstanceCapacity {
  readonly vcpus: number;
  /** Installed memory, MiB. */
  readonly memoryMiB: number;
  /** Elastic network interfaces the type takes; awsvpc tasks each hold one, the instance one more. */
  readonly maxEnis: number;
  /**
   * awsvpc tasks the type runs with ENI trunking (`awsvpcTrunking`).
   * @default - this table does not know the type to support trunking, which counts as no trunking
   */
  readonly trunkedTasks?: number;
}

/** GiB of memory per vCPU by family letter: compute, general purpose, memory optimised. */
const GIB_PER_VCPU: Record<string, number> = { c: 2, m: 4, r: 8 };
const VCPUS_BY_SIZE: Record<string, number> = {
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
};
const MAX_ENIS_BY_SIZE: Record<string, number> = {
  large: 3,
  xlarge: 4,
  '2xlarge': 4,
  '4xlarge': 8,
  '8xlarge': 8,
};
/** awsvpc tasks per instance with ENI trunking, by size, for the families that support it. */
const TRUNKED_TASKS_BY_SIZE: Record<string, number> = {
  large: 10,
  xlarge: 20,
  '2xlarge': 40,
  '4xlarge': 60,
};
/** Families in ECS's table of instance types that support ENI trunking (no burstable t3). */
const TRUNKING_FAMILY = /^[cmr](5|5a|6i|6a|7i)$/;
/** Current x86_64 generations of those families (Intel i, AMD a; the 5th generation without a letter). */
const FAMILY = /^([cmr])(5|5a|5n|6i|6a|6in|7i|7a)$/;
/** The burstable t3/t3a: 2 vCPUs up to xlarge. */
const T3: Record<string, InstanceCapacity> = {
  medium: { vcpus: 2, memoryMiB: 4096, maxEnis: 3 },
  large: { vcpus: 2, memoryMiB: 8192, maxEnis: 3 },
  xlarge: { vcpus: 4, memoryMiB: 16384, maxEnis: 4 },
  '2xlarge': { vcpus: 8, memoryMiB: 32768, maxEnis: 4 },
};

export function instanceCapacity(instanceType: string): InstanceCapacity | undefined {
  const [family, size] = instanceType.split('.');
  if (family === 't3' || family === 't3a') return T3[size];
  const match = FAMILY.exec(family);
  const vcpus = VCPUS_BY_SIZE[size];
  if (!match || vcpus === undefined) return undefined;
  return {
    vcpus,
    memoryMiB: vcpus * GIB_PER_VCPU[match[1]] * 1024,
    maxEnis: MAX_ENIS_BY_SIZE[size],
    trunkedTasks: TRUNKING_FAMILY.test(family) ? TRUNKED_TASKS_BY_SIZE[size] : undefined,
  };
}

/**
 * awsvpc tasks an instance of this capacity holds: one per network interface beyond the primary,
 * or the trunked number when trunking is on and the type supports it.
 */
export function awsvpcTaskSlots(capacity: InstanceCapacity, eniTrunking: boolean): number {
  return (eniTrunking ? capacity.trunkedTasks : undefined) ?? capacity.maxEnis - 1;
}

/**
 * Memory the ECS agent registers for tasks: less than installed, because of the kernel and the
 * platform (AWS's example: an m4.large's 8192 MiB registers as 7985). Estimated at 95% so that a
 * task sized to the brim is refused here rather than left pending on a full instance.
 */
export function taskMemoryMiB(capacity: InstanceCapacity): number {
  return Math.floor(capacity.memoryMiB * 0.95);
}

/** CPU units tasks may reserve: 1024 per vCPU. */
export function taskCpuUnits(capacity: InstanceCapacity): number {
  return capacity.vcpus * 1024;
}
