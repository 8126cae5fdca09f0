/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// The AWS SDK warns on every start that its 2027 releases will need Node 22; this release runs on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// swc strips types without type-checking (tsc --noEmit does that): jest starts in well under a second.
const transform: Config['transform'] = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

const config: Config = {
  // jest's default is one worker on a 2-core machine; most suites wait on sockets, not the CPU.
  maxWorkers: 2,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/lib/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'slow',
      testMatch: ['<rootDir>/lib/**/*.slow.test.ts'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'conformance',
      testMatch: ['<rootDir>/suites/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
      // The whole run happens in global setup (lib/run); the suites turn its cells into tests.
      globalSetup: '<rootDir>/suites/global-setup.ts',
    },
  ],
};
export default config;
