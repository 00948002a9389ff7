// The Skilljar sandbox's permanent-error class (issue 17): emails its configuration refuses get a
// 400 in DRF's validation shape on every write that sets them, however often they are sent, while
// other emails are written as usual.
import { startSkilljarSandbox, type SkilljarSandbox } from '../../sandbox/skilljar';

describe('Skilljar sandbox: refused emails', () => {
	let sandbox: SkilljarSandbox;
	let key: string;

	beforeAll(async () => {
		sandbox = await startSkilljarSandbox({ seed: { users: 1, courses: 0 } });
		key = sandbox.createApiKey();
	});
	afterAll(async () => await sandbox.close());

	const v1 = async (method: string, path: string, body: unknown) => {
		const response = await fetch(`${sandbox.url}${path}`, {
			method,
			headers: {
				authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};
	const configure = async (patch: unknown) => {
		const response = await fetch(`${sandbox.urls.inspect}/config`, {
			method: 'PATCH',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(patch),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};
	const addToDomain = (email: string) =>
		v1('POST', `/v1/domains/${sandbox.defaultDomain}/users`, {
			user: { email, first_name: 'Ada', last_name: 'Lovelace' },
		});

	test('a refused email is a 400 on every try and writes nothing; others are written', async () => {
		const set = await configure({ refusedEmails: ['^refused\\+', '@blocked\\.example$'] });
		expect(set.status).toBe(200);
		expect((set.body.config as Record<string, unknown>).refusedEmails).toEqual([
			'^refused\\+',
			'@blocked\\.example$',
		]);

		for (const email of ['Refused+1@example.com', 'refused+1@example.com', 'ada@blocked.example']) {
			const answer = await addToDomain(email);
			expect(answer).toEqual({ status: 400, body: { email: ['Enter a valid email address.'] } });
			expect(sandbox.store.findUserByEmail(email.toLowerCase())).toBeUndefined();
		}
		const accepted = await addToDomain('ada@example.com');
		expect(accepted.status).toBe(201);
		expect(sandbox.store.findUserByEmail('ada@example.com')).toBeDefined();
	});

	test('changing a user to a refused email is refused too, and the user keeps the old one', async () => {
		await configure({ refusedEmails: ['@blocked\\.example$'] });
		const user = sandbox.store.findUserByEmail('ada@example.com')!;
		const answer = await v1('PATCH', `/v1/users/${user.id}`, { email: 'ada@blocked.example' });
		expect(answer).toEqual({ status: 400, body: { email: ['Enter a valid email address.'] } });
		expect(sandbox.store.findUserByEmail('ada@example.com')?.id).toBe(user.id);
	});

	test('an empty list refuses nothing again', async () => {
		await configure({ refusedEmails: [] });
		expect((await addToDomain('refused+2@example.com')).status).toBe(201);
	});

	test('the configuration refuses patterns that are not strings', async () => {
		expect((await configure({ refusedEmails: [3] })).status).toBe(400);
	});
});
