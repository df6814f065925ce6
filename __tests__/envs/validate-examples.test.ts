import { EXAMPLES, EXPECTED_PROBLEMS, SHIPPED, allExamples } from './examples';
import { messages } from './fixtures';

/**
 * The mistakes issue #11 found passing validate() and then failing inside a construct or at
 * deploy: each is now refused by validate(), with exactly the problems examples.ts lists.
 */
describe('validate refuses what used to fail later', () => {
  test.each(Object.keys(EXAMPLES))('fails on %s', (name) => {
    expect(messages(...EXAMPLES[name](SHIPPED))).toEqual(EXPECTED_PROBLEMS[name]);
  });

  test('every example has its expected problems', () => {
    expect(Object.keys(EXPECTED_PROBLEMS).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  test('applied all at once, the examples give the union of their problems', () => {
    const all = messages(...allExamples());
    expect([...all].sort()).toEqual(Object.values(EXPECTED_PROBLEMS).flat().sort());
  });
});
