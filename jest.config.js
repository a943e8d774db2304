/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '(libs|apps|test)/.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@platform/(.*)$': '<rootDir>/libs/platform/$1',
    '^@access/(.*)$': '<rootDir>/libs/access/$1',
    '^@org/(.*)$': '<rootDir>/libs/org/$1',
    '^@staffing/(.*)$': '<rootDir>/libs/staffing/$1',
    '^@casework/(.*)$': '<rootDir>/libs/casework/$1',
    '^@activities/(.*)$': '<rootDir>/libs/activities/$1',
    '^@community/(.*)$': '<rootDir>/libs/community/$1',
    '^@stats/(.*)$': '<rootDir>/libs/stats/$1',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
};
