// Brings CDKTF's jest matcher types (toHaveResourceWithProperties, ...) into every test file;
// __tests__/setup.ts registers the matchers themselves.
import 'cdktf/lib/testing/adapters/jest';
