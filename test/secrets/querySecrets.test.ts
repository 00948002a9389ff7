// A secret in a query string is written into every proxy's and load balancer's access log on the
// way to n8n; a header is not. Where the sender can send a header (a HighLevel Custom Webhook
// action), the node recommends it; where it cannot (OnlineCourseHost pastes a URL), the node says
// where the key ends up. What the editor shows is the node's description, read here.
import type { INodeProperties } from 'n8n-workflow';

import { GhlContactsTrigger } from '../../nodes/GhlContactsTrigger/GhlContactsTrigger.node';
import { OnlineCourseHostTrigger } from '../../nodes/OnlineCourseHostTrigger/OnlineCourseHostTrigger.node';

function property(properties: INodeProperties[], name: string): INodeProperties {
	const found = properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`No parameter ${name}`);
	return found;
}

/** Everything the editor shows for a parameter: name, description, hint, option texts. */
function shown(parameter: INodeProperties): string {
	const options = (parameter.options ?? []) as Array<{ name?: string; description?: string }>;
	return [parameter.displayName, parameter.description, parameter.hint, ...options.flatMap((option) => [option.name, option.description])].filter(Boolean).join('\n');
}

describe('secrets in query strings: the editor says where they end up', () => {
	const ghl = new GhlContactsTrigger().description.properties;
	const och = new OnlineCourseHostTrigger().description.properties;

	test('GHL Contacts Trigger (automation): the header is the recommended place; the query is said to reach access logs', () => {
		const location = property(ghl, 'secretLocation');
		const header = (location.options as Array<{ name: string; value: string; description: string }>).find((option) => option.value === 'header');
		expect(header?.name).toBe('Header (Recommended)');
		expect(shown(location)).toMatch(/access logs/);
		expect(property(ghl, 'secret').hint).toMatch(/access logs/);
		expect(property(ghl, 'previousSecret').hint).toMatch(/access logs/);
	});

	test('OnlineCourseHost Trigger: the key can only travel in the URL, and the editor says it reaches access logs', () => {
		expect(shown(property(och, 'secret'))).toMatch(/access logs/);
		expect(shown(property(och, 'previousSecret'))).toMatch(/access logs/);
	});
});
