// n8n's editor in Debian's Chromium, driven by playwright-core: one browser, one page, logged in
// as the stack's owner. Selectors are the editor's own data-test-id attributes (n8n 2.41.1).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';

// Functions given to page.evaluate run in the page, which has a document (the tests' lib has no DOM).
declare const document: {
	querySelector(selector: string): unknown;
	querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }>;
};

/** Where screenshots are kept as test output (gitignored). */
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'browser');

// Without the background-networking flags Chromium's own connections are refused by a closed network.
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface Box {
	kind: 'node' | 'note';
	name: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

export class Editor {
	/** Errors the page threw (uncaught), as the editor would show a blank or broken panel. */
	readonly pageErrors: string[] = [];
	/** Requests (URLs) the page sent to hosts other than this machine (n8n must stay on the machine). */
	readonly outsideRequests = new Set<string>();

	private constructor(
		readonly url: string,
		readonly page: Page,
		private readonly context: BrowserContext,
		private readonly userDataDir: string,
	) {
		page.on('pageerror', (error) => this.pageErrors.push(error.message));
		page.on('request', (request) => {
			const { protocol, hostname } = new URL(request.url());
			if (!/^(https?|wss?):$/.test(protocol)) return;
			if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) this.outsideRequests.add(request.url());
		});
	}

	static async start(url: string, owner: { email: string; password: string }): Promise<Editor> {
		const executablePath = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
		const userDataDir = mkdtempSync(join(tmpdir(), 'ghl-lms-chromium-'));
		const context = await chromium.launchPersistentContext(userDataDir, {
			executablePath,
			headless: true,
			args: FLAGS,
			viewport: { width: 1600, height: 1000 },
			// Screenshots are taken at 1×; the docs' template pictures at 2×, readable when zoomed.
			deviceScaleFactor: 2,
		});
		const login = await context.request.post(`${url}/rest/login`, {
			data: { emailOrLdapLoginId: owner.email, password: owner.password },
		});
		if (!login.ok()) throw new Error(`login → ${login.status()}`);
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(20_000);
		// This run's pictures only.
		rmSync(SCREENSHOTS, { recursive: true, force: true });
		mkdirSync(SCREENSHOTS, { recursive: true });
		return new Editor(url, page, context, userDataDir);
	}

	async close(): Promise<void> {
		await this.context.close();
		rmSync(this.userDataDir, { recursive: true, force: true });
	}

	/** Opens a workflow (or a blank one) on the canvas and waits for it to be drawn. */
	async openWorkflow(id = 'new'): Promise<void> {
		const path = `/workflow/${id}`;
		// A blank workflow gets its id on arrival (/workflow/<id>?new=true): a move away from here.
		const before = new URL(this.page.url()).pathname;
		// Once the editor is loaded, move in it as its own links do: a reload costs ~20 s on 2 cores.
		const moved = await this.page.evaluate(async (to) => {
			type Router = { push(path: string): Promise<unknown> };
			const app = (document.querySelector('#app') as { __vue_app__?: { config: { globalProperties: { $router?: Router } } } } | null)
				?.__vue_app__;
			const router = app?.config.globalProperties.$router;
			if (!router) return false;
			// Not awaited: a leave confirmation would hold it.
			void router.push(to);
			return true;
		}, path);
		// The first load of the editor takes half a minute on a busy 2-core machine.
		const timeout = moved ? undefined : 120_000;
		if (!moved) await this.page.goto(`${this.url}${path}`, { timeout });
		// A changed workflow asks before it is left; the tests keep nothing they changed.
		const leave = this.page.getByRole('button', { name: 'Leave without saving' });
		const arrived = this.page.waitForURL(
			(url) => (id === 'new' ? url.pathname.startsWith('/workflow/') && url.pathname !== before : url.pathname === path),
			{ timeout },
		);
		await Promise.race([arrived, leave.waitFor().then(() => leave.click(), () => undefined)]);
		await arrived;
		await this.page.locator('[data-test-id="canvas-wrapper"]').waitFor({ timeout });
		if (id !== 'new') await this.page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout });
	}

	async screenshot(...name: string[]): Promise<void> {
		const file = name.join('--').replace(/[^\w.-]+/g, '-');
		await this.page.screenshot({ path: join(SCREENSHOTS, `${file}.png`), scale: 'css' });
	}

	/** A picture of the canvas around these boxes, at the screen's double density (docs' template pictures). */
	async picture(path: string, boxes: Box[]): Promise<void> {
		const margin = 16;
		const left = Math.min(...boxes.map((box) => box.x)) - margin;
		const top = Math.min(...boxes.map((box) => box.y)) - margin;
		const right = Math.max(...boxes.map((box) => box.x + box.width)) + margin;
		const bottom = Math.max(...boxes.map((box) => box.y + box.height)) + margin;
		await this.page.screenshot({ path, scale: 'device', clip: { x: left, y: top, width: right - left, height: bottom - top } });
	}

	/** Waits until the canvas shows exactly these nodes (by name). */
	async waitForNodes(names: string[]): Promise<void> {
		await this.page.waitForFunction((expected) => {
			const drawn = [...document.querySelectorAll('[data-test-id="canvas-node"]')].map((node) =>
				node.getAttribute('data-node-name'),
			);
			return drawn.length === expected.length && expected.every((name) => drawn.includes(name));
		}, names);
	}

	/** Names of the canvas nodes the editor marks with issues (the red warning on the node). */
	async nodesWithIssues(): Promise<string[]> {
		return await this.page
			.locator('[data-test-id="canvas-node"]:has([data-test-id="node-issues"])')
			.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-name') ?? '?'));
	}

	/** Screen boxes of the canvas nodes and sticky notes, as drawn. */
	async boxes(): Promise<Box[]> {
		return await this.page.locator('.vue-flow__node').evaluateAll((elements) =>
			elements.flatMap((element) => {
				const node = element.querySelector('[data-test-id="canvas-node"]');
				const note = element.querySelector('[data-test-id="sticky"]');
				const drawn = node ?? note;
				if (!drawn) return [];
				const rect = drawn.getBoundingClientRect();
				const name = node?.getAttribute('data-node-name') ?? note?.textContent?.trim().slice(0, 40) ?? '';
				return [
					{
						kind: node ? ('node' as const) : ('note' as const),
						name,
						x: rect.x,
						y: rect.y,
						width: rect.width,
						height: rect.height,
					},
				];
			}),
		);
	}

	/** Opens a canvas node's panel (double click, as a user does). */
	async openNode(name: string): Promise<void> {
		// A panel a failed test left open would cover the canvas.
		if (await this.page.locator('[data-test-id="ndv"]').isVisible()) await this.closeNode();
		await this.page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
		await this.page.locator('[data-test-id="node-parameters"]').waitFor();
	}

	async closeNode(): Promise<void> {
		await this.page.locator('[data-test-id="ndv-close-button"]').click();
		await this.page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
	}

	/** Records the editor's dynamic-parameter requests (dropdown options, list searches) while `run` runs. */
	async recordLookups(run: () => Promise<void>): Promise<Lookup[]> {
		const lookups: Array<Promise<Lookup>> = [];
		const listener = (response: Response) => {
			if (!response.url().includes('/rest/dynamic-node-parameters/')) return;
			lookups.push(toLookup(response));
		};
		this.page.on('response', listener);
		try {
			await run();
		} finally {
			this.page.off('response', listener);
		}
		return await Promise.all(lookups);
	}
}

export interface Lookup {
	methodName: string;
	status: number;
	/** Options (or list-search results) the editor received. */
	results: number;
}

async function toLookup(response: Response): Promise<Lookup> {
	const request = JSON.parse(response.request().postData() ?? '{}') as { methodName?: string };
	const body = (await response.json().catch(() => ({}))) as {
		data?: unknown[] | { results?: unknown[] };
	};
	const data = body.data;
	const results = Array.isArray(data) ? data.length : (data?.results?.length ?? 0);
	return { methodName: request.methodName ?? '?', status: response.status(), results };
}

/** Two boxes overlap when they share more than a pixel's edge. */
export function overlap(a: Box, b: Box): boolean {
	return (
		a.x + 1 < b.x + b.width && b.x + 1 < a.x + a.width && a.y + 1 < b.y + b.height && b.y + 1 < a.y + a.height
	);
}

/** A node straddles a note when it overlaps the note without lying inside it. */
export function straddles(node: Box, note: Box): boolean {
	const inside =
		node.x >= note.x - 1 &&
		node.y >= note.y - 1 &&
		node.x + node.width <= note.x + note.width + 1 &&
		node.y + node.height <= note.y + note.height + 1;
	return overlap(node, note) && !inside;
}
