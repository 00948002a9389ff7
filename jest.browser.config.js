/** n8n's editor in a real browser against a real n8n (npm run test:browser); as the e2e tests. */
const e2e = require('./jest.e2e.config.js');

/** @type {import('jest').Config} */
module.exports = { ...e2e, roots: ['<rootDir>/test/browser'], testMatch: ['**/*.browser.test.ts'] };
