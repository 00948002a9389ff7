/** One project per sandbox set-up; test/ghl runs twice. @type {import('jest').Config} */
const project = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Real-n8n tests run on their own: npm run test:e2e, npm run test:browser.
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/browser/'],
	setupFiles: ['<rootDir>/test/setup.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
};

module.exports = {
	testTimeout: 60000,
	projects: [
		{ ...project, displayName: 'all (unknown GHL contacts answer 400)' },
		{
			...project,
			displayName: 'ghl (unknown GHL contacts answer 404)',
			roots: ['<rootDir>/test/ghl'],
			// The rate-limit tests send to one seeded contact only: no unknown contacts, and their
			// timing runs add nothing here.
			testPathIgnorePatterns: [...project.testPathIgnorePatterns, '/transport\\.(sharedBudget|rateLimit)'],
			setupFiles: [...project.setupFiles, '<rootDir>/test/ghl/unknownContact404.setup.ts'],
		},
	],
};
