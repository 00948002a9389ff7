import type { DeliveryResult } from '../harness/trigger';
import { TriggerHarness } from '../harness/trigger';
import {
	API_KEY_CREDENTIAL_ID,
	startSkilljarTestBed,
	type SkilljarTestBed,
} from '../harness/skilljar';

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Skilljar Trigger: webhook registration and basic-auth deliveries', () => {
	let bed: SkilljarTestBed;
	let courseId: string;

	beforeAll(async () => {
		bed = await startSkilljarTestBed();
		courseId = bed.sandbox.store.addPublishedCourse('Certification Prep').id;
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.sandbox.clearRequests();
		bed.sandbox.clearDeliveries();
		bed.sandbox.store.webhooks.clear();
	});

	const store = () => bed.sandbox.store;
	let counter = 0;

	/** A trigger wired to the sandbox: Skilljar's deliveries go through n8n's webhook handling. */
	function trigger(events: string[]) {
		const harness = new TriggerHarness(bed.credentials, {
			type: 'skilljarTrigger',
			parameters: { events },
			credentials: { skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' } },
		});
		const received: Array<{ url: string; result: DeliveryResult }> = [];
		bed.sandbox.setDeliveryTransport(async (request) => {
			const result = await harness.deliver({ headers: request.headers, body: request.body });
			received.push({ url: request.url, result });
			return { status: result.status };
		});
		return { harness, received };
	}

	const hooks = () => store().listWebhooks();

	test("activation registers exactly one hook at the node's URL with a generated basic-auth pair", async () => {
		const { harness } = trigger(['COURSE_ENROLLMENT', 'COURSE_COMPLETION']);
		await harness.activate();

		expect(hooks()).toHaveLength(1);
		const [hook] = hooks();
		expect(hook).toMatchObject({
			target_url: harness.webhookUrl(),
			active: true,
			event_type: null,
		});
		expect(hook.basic_auth_username).toMatch(/^n8n-/);
		expect(hook.basic_auth_password.length).toBeGreaterThanOrEqual(32);
		// The workflow keeps the hook id and a hash, never the password itself.
		expect(harness.staticData).toMatchObject({
			webhookId: hook.id,
			authUser: hook.basic_auth_username,
		});
		expect(JSON.stringify(harness.staticData)).not.toContain(hook.basic_auth_password);
		expect(
			bed.sandbox.requests.find((request) => request.method === 'POST')?.headers.authorization,
		).toBe(basic(bed.apiKey, ''));

		// Activating again (n8n restarts) finds the hook and registers nothing new.
		bed.sandbox.clearRequests();
		await harness.activate();
		expect(hooks()).toHaveLength(1);
		expect(bed.sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET /v1/webhooks/${hook.id}`,
		]);
	});

	test('one event chosen: the hook subscribes to that event type only', async () => {
		const { harness } = trigger(['COURSE_COMPLETION']);
		await harness.activate();
		expect(hooks()).toEqual([expect.objectContaining({ event_type: 'COURSE_COMPLETION' })]);
	});

	/** Acts as a learner on the training site through the sandbox's inspection API. */
	const asLearner = async (route: 'enroll' | 'progress', body: Record<string, unknown>) => {
		const response = await fetch(`${bed.sandbox.urls.inspect}/${route}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(response.status).toBeLessThan(300);
		return (await response.json()) as Record<string, unknown>;
	};

	test('enrollment and completion start the workflow with one normalised item each (the payload under raw); other events are answered 200 and start nothing', async () => {
		const { harness, received } = trigger(['COURSE_ENROLLMENT', 'COURSE_COMPLETION']);
		await harness.activate();

		const email = `trigger.${++counter}@example.com`;
		await asLearner('enroll', {
			email: email.toUpperCase(),
			publishedCourseId: courseId,
			first_name: 'Ada',
			last_name: 'Byron',
			at: '2026-05-01T09:00:00+02:00',
		});
		await asLearner('progress', {
			email,
			publishedCourseId: courseId,
			lessons: 3,
			at: '2026-05-01T12:00:00Z',
		});
		await asLearner('progress', {
			email,
			publishedCourseId: courseId,
			complete: true,
			score: 88,
			at: '2026-05-02T10:00:00Z',
		});

		// Never a 4xx for a genuine delivery, or Skilljar would deactivate the hook.
		expect(received.every(({ url }) => url === harness.webhookUrl())).toBe(true);
		expect(received.map(({ result }) => [result.status, result.started])).toEqual([
			[200, false], // DOMAIN_ENROLLMENT: not chosen
			[200, true],
			[200, true],
		]);
		expect(hooks()[0].active).toBe(true);

		const learner = store().findUserByEmail(email)!;
		const enrollment = store().activeEnrollment(learner.id, courseId)!;
		const published = store().publishedCourses.get(courseId)!;
		const [enrolledBody, completedBody] = bed.sandbox.deliveries
			.slice(-2)
			.map((delivery) => delivery.body);
		const common = {
			learner_id: learner.id,
			email,
			first_name: 'Ada',
			last_name: 'Byron',
			course_title: 'Certification Prep',
			course_id: published.courseId,
			published_course_id: courseId,
			course_url: `https://${bed.domain}/certification-prep`,
			domain: bed.domain,
		};
		const [enrolled, completed] = received.slice(1).map(({ result }) => result.items);
		expect(enrolled.map((item) => item.json)).toEqual([
			{
				event: 'course.enrolled',
				event_type: 'COURSE_ENROLLMENT',
				occurred_at: '2026-05-01T07:00:00.000Z',
				...common,
				raw: enrolledBody,
			},
		]);
		expect(completed.map((item) => item.json)).toEqual([
			{
				event: 'course.completed',
				event_type: 'COURSE_COMPLETION',
				occurred_at: '2026-05-02T10:00:00.000Z',
				...common,
				completed_at: '2026-05-02T10:00:00.000Z',
				score: 88,
				max_score: 100,
				success_status: 'PASSED',
				certificate_url: `https://verify.skilljar.com/c/${enrollment.certificate?.code}`,
				raw: completedBody,
			},
		]);
		expect(completedBody).toMatchObject({
			event_type: 'COURSE_COMPLETION',
			course_progress: { score: 88 },
		});
	});

	test('completion bodies in the other shapes Skilljar may send are read the same way; a failed completion has no certificate', async () => {
		const { harness, received } = trigger(['COURSE_COMPLETION']);
		await harness.activate();
		const user = {
			id: 'u77',
			email: ' Grace@Example.COM ',
			first_name: 'Grace',
			last_name: 'Hopper',
		};
		const course = {
			id: 'c1',
			published_course_id: 'pc1',
			title: 'Navy Code',
			url: 'https://learn.example.com/navy-code',
		};
		// Progress in `progress`, the certificate inside it with `url`, a microsecond timestamp.
		bed.sandbox.deliverEvent('COURSE_COMPLETION', {
			event_type: 'COURSE_COMPLETION',
			timestamp: '2026-03-04T05:06:07.123456+00:00',
			user,
			course,
			domain: { id: 'd1', name: 'learn.example.com' },
			progress: {
				completed_at: '2026-03-04T05:06:07.123456+00:00',
				score: '77',
				max_score: 80,
				success_status: 'passed',
				certificate: { url: 'https://verify.skilljar.com/c/ABC' },
			},
		});
		// The fields at the top level, no timestamp, a failed attempt without a certificate.
		bed.sandbox.deliverEvent('COURSE_COMPLETION', {
			event_type: 'COURSE_COMPLETION',
			user,
			course,
			completed_at: '2026-03-05T00:00:00Z',
			score: 12,
			max_score: 80,
			success_status: 'FAILED',
		});
		await bed.sandbox.flushDeliveries();

		const [first, second] = received.map(({ result }) => result.items[0].json);
		expect(first).toMatchObject({
			event: 'course.completed',
			occurred_at: '2026-03-04T05:06:07.123Z',
			email: 'grace@example.com',
			domain: 'learn.example.com',
			completed_at: '2026-03-04T05:06:07.123Z',
			score: 77,
			max_score: 80,
			success_status: 'PASSED',
			certificate_url: 'https://verify.skilljar.com/c/ABC',
		});
		expect(second).toMatchObject({
			occurred_at: '2026-03-05T00:00:00.000Z',
			completed_at: '2026-03-05T00:00:00.000Z',
			score: 12,
			success_status: 'FAILED',
			certificate_url: null,
			domain: null,
		});
	});

	test('Domain Enrollment, Path Enrollment and Purchase Fulfillment start the workflow with one item: the common fields where the payload has them, the payload under raw; an event not chosen starts nothing', async () => {
		const { harness, received } = trigger([
			'DOMAIN_ENROLLMENT',
			'PATH_ENROLLMENT',
			'PURCHASE_FULFILLMENT',
		]);
		await harness.activate();

		// A new member of the training domain: the sandbox itself sends DOMAIN_ENROLLMENT.
		const learner = store().upsertDomainUser(bed.domain, {
			email: `domain.${++counter}@example.com`,
			first_name: 'Grace',
		}).user;
		const user = { id: learner.id, email: learner.email, first_name: 'Grace', last_name: '' };
		const path = {
			event_type: 'PATH_ENROLLMENT',
			timestamp: '2026-05-01T10:00:00.000Z',
			user,
			path: { id: 'path01', published_path_id: 'ppath01', title: 'Onboarding Path' },
			domain: { name: bed.domain },
		};
		const purchase = {
			event_type: 'PURCHASE_FULFILLMENT',
			timestamp: '2026-05-01T10:05:00.000Z',
			user,
			purchase: {
				id: 'order-77',
				total: '49.00',
				currency: 'USD',
				items: [{ published_course_id: courseId }],
			},
		};
		bed.sandbox.deliverEvent('PATH_ENROLLMENT', path);
		bed.sandbox.deliverEvent('PURCHASE_FULFILLMENT', purchase);
		bed.sandbox.deliverEvent('PATH_COMPLETION', { ...path, event_type: 'PATH_COMPLETION' });
		await bed.sandbox.flushDeliveries();

		expect(received.map(({ result }) => result.status)).toEqual([200, 200, 200, 200]);
		const started = received
			.filter(({ result }) => result.started)
			.map(({ result }) => result.items);
		expect(started.map((items) => items.length)).toEqual([1, 1, 1]);
		const [domainItem, pathItem, purchaseItem] = started.map((items) => items[0].json);
		const noCourse = {
			course_title: null,
			course_id: null,
			published_course_id: null,
			course_url: null,
		};
		const learnerFields = {
			learner_id: learner.id,
			email: learner.email,
			first_name: 'Grace',
			last_name: null,
		};
		expect(domainItem).toMatchObject({
			event: 'domain.enrolled',
			event_type: 'DOMAIN_ENROLLMENT',
			...learnerFields,
			...noCourse,
			domain: bed.domain,
			raw: {
				event_type: 'DOMAIN_ENROLLMENT',
				user: { id: learner.id },
				domain: { name: bed.domain },
			},
		});
		expect(pathItem).toEqual({
			event: 'path.enrolled',
			event_type: 'PATH_ENROLLMENT',
			occurred_at: '2026-05-01T10:00:00.000Z',
			...learnerFields,
			...noCourse,
			domain: bed.domain,
			raw: path,
		});
		expect(purchaseItem).toEqual({
			event: 'purchase.fulfilled',
			event_type: 'PURCHASE_FULFILLMENT',
			occurred_at: '2026-05-01T10:05:00.000Z',
			...learnerFields,
			...noCourse,
			domain: null,
			raw: purchase,
		});
		expect(received.at(-1)?.result.started).toBe(false);
	});

	test("a delivery on demand through the sandbox, and Skilljar's ping, reach the node with the registered credentials", async () => {
		const { harness, received } = trigger(['QUIZ_COMPLETION']);
		await harness.activate();
		bed.sandbox.deliverEvent('QUIZ_COMPLETION', {
			event_type: 'QUIZ_COMPLETION',
			timestamp: '2026-06-01T10:00:00Z',
			quiz: { id: 'q1' },
		});
		await bed.sandbox.flushDeliveries();
		expect(received.at(-1)?.result).toMatchObject({ status: 200, started: true });

		const response = await fetch(`${bed.sandbox.url}/v1/webhooks/${hooks()[0].id}/ping`, {
			method: 'POST',
			headers: { authorization: basic(bed.apiKey, '') },
		});
		expect(await response.json()).toMatchObject({ succeeded: true, http_status_code: 200 });
		expect(received.at(-1)?.result).toMatchObject({ status: 200, started: false });
	});

	test('a repeated delivery (same body) is answered 200 and starts nothing the second time', async () => {
		const { harness, received } = trigger(['COURSE_COMPLETION']);
		await harness.activate();
		const payload = {
			event_type: 'COURSE_COMPLETION',
			timestamp: '2026-06-01T10:00:00Z',
			user: { id: 'u1' },
		};
		bed.sandbox.deliverEvent('COURSE_COMPLETION', payload);
		await bed.sandbox.flushDeliveries();
		bed.sandbox.deliverEvent('COURSE_COMPLETION', payload);
		await bed.sandbox.flushDeliveries();
		expect(received.map(({ result }) => [result.status, result.started])).toEqual([
			[200, true],
			[200, false],
		]);
	});

	test.each([
		['no credentials', {}],
		['a wrong password', { authorization: 'WRONG' }],
		['the right user with another password', { authorization: 'USER_ONLY' }],
		['a bearer token', { authorization: 'Bearer abc' }],
	])('a forged delivery with %s is answered 401 and starts nothing', async (_label, variant) => {
		const { harness } = trigger(['COURSE_ENROLLMENT']);
		await harness.activate();
		const [hook] = hooks();
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if ('authorization' in variant) {
			headers.authorization =
				variant.authorization === 'WRONG'
					? basic('intruder', 'guess')
					: variant.authorization === 'USER_ONLY'
						? basic(hook.basic_auth_username, `${hook.basic_auth_password}x`)
						: variant.authorization;
		}
		const result = await harness.deliver({
			headers,
			body: { event_type: 'COURSE_ENROLLMENT', user: { id: 'x' } },
		});
		expect(result).toMatchObject({ status: 401, started: false });
		expect(result.items).toEqual([]);

		// The genuine pair still works.
		const genuine = await harness.deliver({
			headers: {
				'content-type': 'application/json',
				authorization: basic(hook.basic_auth_username, hook.basic_auth_password),
			},
			body: { event_type: 'COURSE_ENROLLMENT', user: { id: `x${++counter}` } },
		});
		expect(genuine).toMatchObject({ status: 200, started: true });
	});

	test('deactivation deletes the hook; deliveries after that are refused', async () => {
		const { harness } = trigger(['COURSE_ENROLLMENT']);
		await harness.activate();
		const [hook] = hooks();
		await harness.deactivate();
		expect(hooks()).toEqual([]);
		expect(bed.sandbox.requests.at(-1)).toMatchObject({
			method: 'DELETE',
			path: `/v1/webhooks/${hook.id}`,
			status: 204,
		});
		expect(harness.staticData.webhookId).toBeUndefined();
		const late = await harness.deliver({
			headers: {
				'content-type': 'application/json',
				authorization: basic(hook.basic_auth_username, hook.basic_auth_password),
			},
			body: { event_type: 'COURSE_ENROLLMENT' },
		});
		expect(late).toMatchObject({ status: 401, started: false });
	});

	test('a hook deleted in Skilljar, or one Skilljar deactivated, is replaced on activation; still exactly one', async () => {
		const { harness } = trigger(['COURSE_ENROLLMENT']);
		await harness.activate();
		store().webhooks.clear();
		await harness.activate();
		expect(hooks()).toHaveLength(1);

		hooks()[0].active = false;
		await harness.activate();
		expect(hooks()).toEqual([
			expect.objectContaining({ active: true, target_url: harness.webhookUrl() }),
		]);

		// Deactivating twice (the hook already gone) is not an error.
		await harness.deactivate();
		await harness.deactivate();
		expect(hooks()).toEqual([]);
	});

	test('a hook left at the same URL by an earlier activation (workflow data lost) is removed, not duplicated', async () => {
		const { harness } = trigger(['COURSE_ENROLLMENT']);
		store().addWebhook({
			target_url: harness.webhookUrl(),
			basic_auth_username: 'old',
			basic_auth_password: 'old-secret',
		});
		const unrelated = store().addWebhook({ target_url: 'https://elsewhere.example.com/hook' });
		await harness.activate();
		expect(
			hooks()
				.map((hook) => hook.target_url)
				.sort(),
		).toEqual([harness.webhookUrl(), unrelated.target_url].sort());
		expect(
			hooks().find((hook) => hook.target_url === harness.webhookUrl())?.basic_auth_username,
		).not.toBe('old');
	});
});
