/** Pure unit tests only (no database): `npx jest -c jest.unit.config.js libs/scoring`. */
const base = require('./jest.config');
module.exports = { ...base, globalSetup: undefined, globalTeardown: undefined, testMatch: ['**/*.spec.ts'] };
