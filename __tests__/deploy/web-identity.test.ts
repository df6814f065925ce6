import { githubRoles, jobsFor } from '../../scripts/deploy/web-identity';
import { githubClaims } from '../../scripts/oidc/trust';
import { synthApp } from '../stacks/app-fixture';

/** The deploy tier's probe of the GitHub roles: which roles it finds, and which tokens it sends. */
describe('web identity probe', () => {
  const stacks = synthApp();

  test('finds every GitHub role of a stack with the subjects its trust names, and none elsewhere', () => {
    const shared = githubRoles(stacks.shared);
    expect(shared.map((r) => r.name)).toEqual(
      expect.arrayContaining(['webapp-shared-deploy-platform', 'webapp-shared-plan']),
    );
    for (const role of shared) expect(role.subjects.length).toBe(1);
    expect(githubRoles(stacks.state)).toEqual([]);
  });

  test('sends the right job, and wrong ones whose subjects all differ from the trusted one', () => {
    const subject = 'repo:acme/webapp-platform:environment:dev';
    const { right, wrong } = jobsFor(subject, ['dev', 'dev-platform', 'shared']);
    expect(githubClaims(right).sub).toBe(subject);
    const labels = wrong.map((w) => w.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'other repository (fork)',
        'other environment dev-platform',
        'other environment shared',
        'other branch, no environment',
        'pull request',
        'other audience',
      ]),
    );
    for (const w of wrong.filter((x) => x.label !== 'other audience')) {
      expect(githubClaims(w.job).sub).not.toBe(subject);
    }
    expect(githubClaims(wrong.find((w) => w.label === 'other audience')!.job).aud).not.toBe(
      'sts.amazonaws.com',
    );
  });

  test('fails on a subject that is not exact, rather than probing a pattern', () => {
    expect(() => jobsFor('repo:acme/*', [])).toThrow('is not an exact GitHub subject');
  });
});
