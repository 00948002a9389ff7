// Ajv setup and the translation of Ajv errors into class-validator style messages, which is what
// the NestJS-based live API puts in a 422's `message` array ("limit must not be greater than 100").
import AjvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler';
import type { FastifySchemaValidationError } from 'fastify';

const shared = { allErrors: true, removeAdditional: false, useDefaults: true, allowUnionTypes: true, verbose: true } as const;

// What the compiler pool does at runtime; its published typings describe the compiler as taking a bare schema.
type RouteSchema = { schema: unknown; httpPart?: string };
type BuildValidator = (externalSchemas: object, options: { customOptions?: object }) => (route: RouteSchema) => unknown;

/**
 * Bodies are validated without type coercion (a JSON number is not a string, as on the live API);
 * query strings, params and headers are text, so there numbers and booleans are coerced.
 */
export function splitValidatorFactory(): ValidatorFactory {
	const factory = AjvCompiler() as unknown as BuildValidator;
	const build: BuildValidator = (externalSchemas, ajvOptions) => {
		const strict = factory(externalSchemas, { ...ajvOptions, customOptions: { ...shared, coerceTypes: false } });
		const coercing = factory(externalSchemas, { ...ajvOptions, customOptions: { ...shared, coerceTypes: true } });
		return (route) => (route.httpPart === 'body' ? strict(route) : coercing(route));
	};
	return build as unknown as ValidatorFactory;
}

const TYPE_WORDS: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	integer: 'an integer number',
	boolean: 'a boolean value',
	array: 'an array',
	object: 'an object',
};

function typeWord(type: unknown): string {
	const first = (Array.isArray(type) ? type : [type]).find((t) => t !== 'null');
	return TYPE_WORDS[String(first)] ?? `of type ${String(first)}`;
}

function describe(error: FastifySchemaValidationError): string | undefined {
	const parent = (error as { parentSchema?: { description?: unknown } }).parentSchema;
	return typeof parent?.description === 'string' ? parent.description : undefined;
}

function message(error: FastifySchemaValidationError, root: string): string {
	const segments = error.instancePath.split('/').slice(1);
	const path = segments.join('.') || root;
	const join = (name: string) => (segments.length > 0 ? `${path}.${name}` : name);
	const params = error.params as Record<string, unknown>;
	switch (error.keyword) {
		case 'required':
			return `${join(String(params.missingProperty))} should not be empty`;
		case 'additionalProperties':
			return `property ${join(String(params.additionalProperty))} should not exist`;
		case 'type': {
			const last = segments.at(-1);
			if (last !== undefined && /^\d+$/.test(last)) return `each value in ${segments.slice(0, -1).join('.')} must be ${typeWord(params.type)}`;
			return `${path} must be ${typeWord(params.type)}`;
		}
		case 'maximum':
			return `${path} must not be greater than ${String(params.limit)}`;
		case 'minimum':
			return `${path} must not be less than ${String(params.limit)}`;
		case 'maxLength':
			return `${path} must be shorter than or equal to ${String(params.limit)} characters`;
		case 'minItems':
			return `${path} must contain at least ${String(params.limit)} elements`;
		case 'minProperties':
			return `${path} must not be empty`;
		case 'enum':
			return `${path} must be one of the following values: ${(params.allowedValues as unknown[]).join(', ')}`;
		case 'const':
			return `${path} must be equal to ${String(params.allowedValue)}`;
		case 'format':
			return params.format === 'email' ? `${path} must be an email` : `${path} must be a valid ${String(params.format)}`;
		default:
			return `${path} ${describe(error) ?? error.message ?? 'is invalid'}`;
	}
}

/**
 * Ajv reports the inner failures of every anyOf/oneOf branch and an extra error for each failed
 * if/then; only the summarising error is worth showing.
 */
function isNoise(error: FastifySchemaValidationError): boolean {
	return error.keyword === 'if' || /\/(anyOf|oneOf)\/\d+\//.test(error.schemaPath);
}

export function validationMessages(errors: readonly FastifySchemaValidationError[], context: string | undefined): string[] {
	const root = context === 'querystring' ? 'query' : (context ?? 'request');
	return [...new Set(errors.filter((error) => !isNoise(error)).map((error) => message(error, root)))];
}
