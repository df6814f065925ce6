import fc from 'fast-check';
import { environments } from '../../envs';
import { configAround, judge } from './config-arbitraries';

/**
 * The configuration contract, as a property: for configurations around the shipped ones, either
 * validate() refuses with lines that name an environment (or the project) and a field, or the
 * whole app synthesizes and every security rule passes. CI runs a fixed seed; `npm run bench`
 * runs a larger budget and reports configurations per second. PROPERTY_SEED / PROPERTY_RUNS
 * override both here, to replay a failure fast-check printed.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20261129);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

const owners = ['project', ...environments.map((env) => env.name)].join('|');
/** `<env or project>.<field>: <value> <problem> (accepted: ...)` */
const PROBLEM_LINE = new RegExp(`^(${owners})\\.[^:]+: .+ \\(accepted: .+\\)$`);

test('every configuration around the shipped ones is refused with named fields, or synthesizes with every rule passing', () => {
  fc.assert(
    fc.property(configAround, ({ config }) => {
      const verdict = judge(config);
      if ('refused' in verdict) {
        expect(verdict.refused.length).toBeGreaterThan(0);
        for (const line of verdict.refused) expect(line).toMatch(PROBLEM_LINE);
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
}, 120_000);
