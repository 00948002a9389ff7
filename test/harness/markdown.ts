import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root, where README.md and docs/ are. */
export const REPO_ROOT = join(__dirname, '..', '..');

/** A Markdown file of the repository without its fenced code blocks (their `#` lines are no headings). */
export function markdownProse(file: string): string {
	return readFileSync(join(REPO_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
}

/** The headings of a Markdown file of the repository as GitHub makes them into anchors (lower case, punctuation dropped, spaces as hyphens). */
export function headingAnchors(file: string): Set<string> {
	return new Set(
		[...markdownProse(file).matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
			match[1]
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N}\s_-]/gu, '')
				.replace(/\s/g, '-'),
		),
	);
}
