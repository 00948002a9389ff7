// Copies what tsc does not: node icons (light and dark) and codex files, into dist beside the code.
const { src, dest } = require('gulp');

function copyStatic() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports.build = copyStatic;
