import { unknownStacks } from '../../scripts/cdktf';

describe('unknownStacks', () => {
  const stacks = ['dev', 'dev-backend', 'shared'];

  test('names every positional argument that is not a stack', () => {
    expect(unknownStacks(['dev', 'prod', 'dev-bakend'], stacks)).toEqual(['prod', 'dev-bakend']);
  });

  test('skips the values of flags that take one', () => {
    expect(unknownStacks(['dev', '--var', 'image_tag=v1', '--var-file', 'prod.tfvars'], stacks)).toEqual([]);
  });

  test('ignores flags and flag values written with =', () => {
    expect(
      unknownStacks(['dev-backend', '--var=image_tag=v1', '--ignore-missing-stack-dependencies'], stacks),
    ).toEqual([]);
  });
});
