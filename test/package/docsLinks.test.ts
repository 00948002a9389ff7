// The README and docs/ pages link each other, the templates and the template pictures (made by the
// browser test): every relative link and image must point at a file in the repository, and every
// `#anchor` at a heading of the page it names (GitHub's anchors: lower case, punctuation dropped,
// spaces as hyphens).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { headingAnchors, markdownProse, REPO_ROOT as root } from '../harness/markdown';

const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** Relative targets of Markdown links and images (`[text](target)`, `![alt](target)`), code blocks left out. */
function relativeTargets(page: string): string[] {
	return [...markdownProse(page).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)]
		.map((match) => match[1])
		.filter((target) => !/^[a-z]+:/i.test(target));
}

describe('README and docs/ links', () => {
	test.each(pages)('%s: every relative link and image points at a file, every anchor at a heading', (page) => {
		const broken = relativeTargets(page).filter((target) => {
			const [path, anchor] = target.split('#');
			const file = path ? relative(root, join(root, dirname(page), path)) : page;
			if (!existsSync(join(root, file))) return true;
			return anchor !== undefined && file.endsWith('.md') && !headingAnchors(file).has(anchor);
		});
		expect(broken).toEqual([]);
	});

	test('docs/templates.md shows a picture of every template', () => {
		const text = readFileSync(join(root, 'docs', 'templates.md'), 'utf8');
		const templates = readdirSync(join(root, 'workflows')).filter((name) => name.endsWith('.json'));
		const missing = templates.filter((name) => !text.includes(`](images/templates/${name.replace(/\.json$/, '.png')})`));
		expect(missing).toEqual([]);
	});
});
