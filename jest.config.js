/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '(libs|apps|test)/.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@platform/(.*)$': '<rootDir>/libs/platform/$1',
    '^@access$': '<rootDir>/libs/access',
    '^@accounts$': '<rootDir>/libs/accounts',
    '^@org$': '<rootDir>/libs/org',
    '^@provisioning$': '<rootDir>/libs/provisioning',
    '^@staffing$': '<rootDir>/libs/staffing',
    '^@casework$': '<rootDir>/libs/casework',
    '^@activities$': '<rootDir>/libs/activities',
    '^@community$': '<rootDir>/libs/community',
    '^@stats$': '<rootDir>/libs/stats',
    '^@evaluation$': '<rootDir>/libs/evaluation',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
};
