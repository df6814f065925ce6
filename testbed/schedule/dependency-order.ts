import PQueue from 'p-queue';

/** How one node of a graph ended. */
export interface NodeResult {
  /** The node's name (a stack, or a deploy-tier task such as `deploy:dev`). */
  readonly stack: string;
  readonly ok: boolean;
  /** "Plan: 45 to add, 0 to change, 0 to destroy." or the reason it failed. */
  readonly summary: string;
  readonly seconds: number;
  /** What to show of a failure. */
  readonly detail?: string;
}

/** Told as each node starts running and as each ends (skipped ones too). */
export interface Watcher {
  started?(name: string): void;
  finished?(result: NodeResult): void;
}

/**
 * Runs `task` for every node as soon as all its dependencies succeeded, at most `concurrency` at
 * once (a p-queue), the ready node with the longest chain of nodes waiting on it first (the queue's
 * priority). A node whose dependency failed is reported failed without running. Results in the
 * nodes' name order.
 */
export async function runInDependencyOrder<R extends NodeResult>(
  dependencies: Readonly<Record<string, readonly string[]>>,
  task: (name: string) => Promise<R>,
  concurrency: number,
  watcher: Watcher = {},
): Promise<(R | NodeResult)[]> {
  const { dependents, heights } = graphOf(dependencies);
  const queue = new PQueue({ concurrency });
  const unmet = new Map(Object.entries(dependencies).map(([name, deps]) => [name, new Set(deps)]));
  const results = new Map<string, R | NodeResult>();
  return new Promise((resolve, reject) => {
    // Called before a finished task hands its slot back, so that the nodes it made ready are queued
    // by then and the queue's priority picks among all of them.
    const settle = (result: R | NodeResult) => {
      results.set(result.stack, result);
      watcher.finished?.(result);
      for (const dependent of dependents.get(result.stack)!) {
        if (results.has(dependent)) continue;
        const waitingFor = unmet.get(dependent)!;
        waitingFor.delete(result.stack);
        if (!result.ok)
          settle({ stack: dependent, ok: false, summary: `skipped: ${result.stack} failed`, seconds: 0 });
        else if (waitingFor.size === 0) start(dependent);
      }
      if (results.size === unmet.size)
        resolve([...results.values()].sort((a, b) => a.stack.localeCompare(b.stack)));
    };
    const start = (name: string) =>
      queue
        .add(
          async () => {
            watcher.started?.(name);
            settle(await task(name).catch((error: Error) => harnessError(name, error)));
          },
          { priority: heights.get(name) },
        )
        .catch(reject); // a watcher that threw
    const ready = [...unmet].filter(([, deps]) => deps.size === 0).map(([name]) => name);
    ready.sort((a, b) => heights.get(b)! - heights.get(a)! || a.localeCompare(b)).forEach(start);
    if (unmet.size === 0) resolve([]);
  });
}

function harnessError(name: string, error: Error): NodeResult {
  return { stack: name, ok: false, summary: 'harness error', seconds: 0, detail: error.stack };
}

/**
 * Each node's dependents, and the number of nodes on the longest chain of nodes that wait for it.
 * Throws on a dependency cycle or an unknown dependency, which would leave nodes waiting forever.
 */
function graphOf(dependencies: Readonly<Record<string, readonly string[]>>): {
  dependents: Map<string, string[]>;
  heights: Map<string, number>;
} {
  const dependents = new Map<string, string[]>(Object.keys(dependencies).map((name) => [name, []]));
  for (const [name, deps] of Object.entries(dependencies)) {
    for (const dep of deps) {
      if (!dependents.has(dep)) throw new Error(`unknown dependency ${dep} of ${name}`);
      dependents.get(dep)!.push(name);
    }
  }
  const heights = new Map<string, number>();
  const height = (name: string, chain: readonly string[]): number => {
    if (chain.includes(name)) {
      throw new Error(`dependency cycle: ${[...chain.slice(chain.indexOf(name)), name].join(' <- ')}`);
    }
    if (!heights.has(name)) {
      const above = dependents.get(name)!.map((d) => 1 + height(d, [...chain, name]));
      heights.set(name, Math.max(0, ...above));
    }
    return heights.get(name)!;
  };
  for (const name of dependents.keys()) height(name, []);
  return { dependents, heights };
}
