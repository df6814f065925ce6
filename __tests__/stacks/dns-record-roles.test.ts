import { environments } from '../../envs';
import { ROUTE53_RECORD_TYPES } from '../../modules/dns';
import { administratorStackId } from '../../envs/derive';
import { project } from '../../envs';
import { changeDecision, type RecordChange } from '../route53-changes';

type DocumentStatement = { actions?: string[]; resources?: string[]; [key: string]: unknown };
import { synthApp } from './app-fixture';

/**
 * What each environment's record-writer role (shared stack) lets that environment's account do in
 * the shared public zone, evaluated the way IAM evaluates the role's policy: every environment may
 * write its own records and nothing of another's, whatever the domains of the configuration are
 * (the shipped apex environment's domain holds the others'), and only the record types its own
 * stack writes. Pairs and names come from the configuration, so a new environment is covered.
 */

const ACTIONS = ['CREATE', 'UPSERT', 'DELETE'] as const;

type Resource = Record<string, unknown>;

const domainOf = (env: string) => environments.find((e) => e.name === env)!.domain;

/** The environment a name belongs to: the one with the longest domain the name is at or below. */
const ownerOf = (name: string) =>
  environments
    .filter((e) => name === e.domain || name.endsWith(`.${e.domain}`))
    .sort((x, y) => y.domain.length - x.domain.length)[0]?.name;

/**
 * Names `env` owns: its domain, an ACM validation name, a host, a wildcard and a name two levels
 * down, less any that an environment inside its domain owns.
 */
const namesOf = (env: string) => {
  const domain = domainOf(env);
  return [domain, `_1a2b3c4d.${domain}`, `www.${domain}`, `*.${domain}`, `a.b.${domain}`].filter(
    (name) => ownerOf(name) === env,
  );
};

const pairs = environments.flatMap((a) =>
  environments.filter((b) => b.name !== a.name).map((b) => [a.name, b.name, b.domain] as const),
);

describe("record-writer roles in the shared zone (the shared account's administrator stack)", () => {
  const stacks = synthApp();
  const documents = stacks[administratorStackId(project.sharedAccountId)].data!
    .aws_iam_policy_document as Record<string, { statement: DocumentStatement[] }>;

  /** The permissions of `env`'s role, as synthesized. */
  const permissions = (env: string): DocumentStatement[] => {
    const found = Object.entries(documents).filter(([id]) =>
      id.startsWith(`dns-records-${env}_permissions_`),
    );
    expect(found).toHaveLength(1);
    return found[0][1].statement;
  };
  /** The records `env`'s stack writes into the shared zone (through the role's provider, aws.dns). */
  const publicRecords = (env: string): Resource[] =>
    Object.values(stacks[env].resource?.aws_route53_record ?? {}).filter(
      (r: Resource) => r.provider === 'aws.dns',
    );
  const typesWritten = (env: string): string[] =>
    [...new Set(publicRecords(env).map((r) => String(r.type)))].sort();
  const may = async (env: string, changes: RecordChange[]) =>
    (await changeDecision({ statement: permissions(env) }, changes)) === 'allowed';

  test.each(pairs)(
    "%s's role cannot change %s's names (%s and below), with any action or type it writes",
    async (a, b) => {
      const names = namesOf(b);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        for (const type of typesWritten(a)) {
          for (const action of ACTIONS) {
            expect([name, type, action, await may(a, [{ action, name, type }])]).toEqual([
              name,
              type,
              action,
              false,
            ]);
          }
        }
      }
    },
  );

  test.each(pairs)(
    "%s's role cannot slip a change of %s's domain into a batch of its own",
    async (a, _b, domain) => {
      expect(
        await may(a, [
          { action: 'UPSERT', name: domainOf(a), type: 'A' },
          { action: 'DELETE', name: domain, type: 'A' },
        ]),
      ).toBe(false);
    },
  );

  test.each(environments.map((env) => [env.name, env.domain]))(
    "%s's role may write every record its stack writes, under %s",
    async (env, domain) => {
      const records = publicRecords(env);
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) {
        // Validation record names come from ACM at apply time, one label under the name validated.
        const name = String(record.name).startsWith('${') ? `_1a2b3c4d.${domain}` : String(record.name);
        const type = String(record.type);
        for (const action of ACTIONS) {
          expect([name, type, action, await may(env, [{ action, name, type }])]).toEqual([
            name,
            type,
            action,
            true,
          ]);
        }
      }
    },
  );

  test.each(environments.map((env) => [env.name]))(
    "%s's role may change exactly the record types its stack writes into the zone",
    async (env) => {
      const written = typesWritten(env);
      expect(written.length).toBeGreaterThan(0);
      const allowed: string[] = [];
      for (const type of ROUTE53_RECORD_TYPES) {
        if (await may(env, [{ action: 'UPSERT', name: domainOf(env), type }])) allowed.push(type);
      }
      expect(allowed).toEqual(written);
    },
  );
});
