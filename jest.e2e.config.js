/** End-to-end tests against a real n8n (npm run test:e2e). @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 600000,
	maxWorkers: 1,
	// Keep-alive sockets to the stopped n8n linger for a while; they hold no test state.
	forceExit: true,
};
