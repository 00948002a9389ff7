/** n8n queue mode (PostgreSQL, Redis, a main process, two workers): npm run test:queue. @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e/queue'],
	testMatch: ['**/*.queue.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 1_200_000,
	maxWorkers: 1,
	// Keep-alive sockets to the stopped n8n processes linger for a while; they hold no test state.
	forceExit: true,
};
