/** n8n's editor in a real browser against a real n8n (npm run test:browser). @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 600000,
	maxWorkers: 1,
	// Keep-alive sockets to the stopped n8n linger for a while; they hold no test state.
	forceExit: true,
};
