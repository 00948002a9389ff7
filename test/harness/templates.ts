// The template workflows in workflows/, as files: read by the template checks (test/workflows)
// and imported into a real n8n by the end-to-end test and `npm start` (test/e2e/templateStack.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEMPLATE_DIR = join(__dirname, '..', '..', 'workflows');

export interface TemplateNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
	webhookId?: string;
	onError?: string;
	[key: string]: unknown;
}

export interface TemplateWorkflow {
	name: string;
	nodes: TemplateNode[];
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }>>>
	>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Template {
	/** The file name, e.g. `01-ghl-contact-to-skilljar-learner.json`. */
	file: string;
	/** Its number, e.g. `01`. */
	key: string;
	workflow: TemplateWorkflow;
}

/** Every template in workflows/, in file order. */
export function loadTemplates(): Template[] {
	return readdirSync(TEMPLATE_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			key: file.slice(0, 2),
			workflow: JSON.parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as TemplateWorkflow,
		}));
}
