// JSON schemas for request validation, derived from the contacts OpenAPI and NOTES.md.
// Conventions: optional fields accept null (NestJS @IsOptional skips null too); bodies reject
// unknown properties (live answers "property x should not exist"); a `description` on a schema
// doubles as the 422 message when that schema fails (see validation.ts).

const text = { type: ['string', 'null'] } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;

/** Pattern + message for ISO-8601 date-times without milliseconds (NOTES: task dueDate). */
const isoSeconds = {
	type: 'string',
	pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})$',
	description: 'must be a valid ISO 8601 date string without milliseconds (e.g. 2020-10-25T11:00:00Z)',
} as const;

const dndChannel = {
	type: 'object',
	properties: { status: { enum: ['active', 'inactive', 'permanent'] }, message: { type: 'string' }, code: { type: 'string' } },
	required: ['status'],
	additionalProperties: false,
} as const;

const contactFields = {
	firstName: text,
	lastName: text,
	name: text,
	email: { type: ['string', 'null'], format: 'email' },
	phone: text,
	address1: text,
	city: text,
	state: text,
	postalCode: text,
	website: text,
	timezone: text,
	dnd: { type: 'boolean' },
	dndSettings: {
		type: 'object',
		properties: { Call: dndChannel, Email: dndChannel, SMS: dndChannel, WhatsApp: dndChannel, GMB: dndChannel, FB: dndChannel },
		additionalProperties: false,
	},
	inboundDndSettings: {
		type: 'object',
		properties: {
			all: {
				type: 'object',
				properties: { status: { enum: ['active', 'inactive'] }, message: { type: 'string' } },
				required: ['status'],
				additionalProperties: false,
			},
		},
		additionalProperties: false,
	},
	tags: stringList,
	customFields: {
		type: 'array',
		items: {
			type: 'object',
			properties: { id: { type: 'string' }, key: { type: 'string' }, field_value: {}, value: {} },
			additionalProperties: false,
			anyOf: [{ required: ['id'] }, { required: ['key'] }],
			description: 'must have an id or a key',
		},
	},
	source: text,
	dateOfBirth: {
		type: ['string', 'null'],
		pattern: '^(\\d{4}[-/._]\\d{2}[-/._]\\d{2}|\\d{2}[-/._]\\d{2}[-/._]\\d{4}|\\d{4}-\\d{2}-\\d{2}T[\\d:.]+(Z|[+-]\\d{2}:?\\d{2})?)$',
		description: 'must be a date like YYYY-MM-DD or MM/DD/YYYY',
	},
	country: text,
	assignedTo: text,
} as const;

export const createContactBody = {
	type: 'object',
	properties: { ...contactFields, locationId: { type: 'string' }, companyName: text, gender: text },
	required: ['locationId'],
	additionalProperties: false,
} as const;

/** UpdateContactDto has no locationId, companyName or gender: sending them answers 422. */
export const updateContactBody = {
	type: 'object',
	properties: contactFields,
	additionalProperties: false,
} as const;

export const upsertContactBody = {
	...createContactBody,
	properties: { ...createContactBody.properties, createNewIfDuplicateAllowed: { type: 'boolean' } },
} as const;

export const listContactsQuery = {
	type: 'object',
	// locationId is not "required" here: live answers a page without it with 403, not 422.
	properties: {
		locationId: { type: 'string' },
		limit: { type: 'integer', minimum: 1, maximum: 100 },
		startAfterId: { type: 'string' },
		startAfter: { type: 'number' },
		query: { type: 'string' },
	},
} as const;

export const businessContactsQuery = {
	type: 'object',
	properties: {
		locationId: { type: 'string' },
		limit: { type: 'integer', minimum: 1, maximum: 100 },
		skip: { type: 'integer', minimum: 0 },
		query: { type: 'string' },
	},
	required: ['locationId'],
} as const;

export const duplicateQuery = {
	type: 'object',
	properties: { locationId: { type: 'string' }, email: { type: 'string' }, number: { type: 'string' } },
	required: ['locationId'],
} as const;

const rangeValue = {
	type: 'object',
	properties: { gte: { type: ['string', 'number'] }, lte: { type: ['string', 'number'] }, gt: { type: ['string', 'number'] }, lt: { type: ['string', 'number'] } },
	additionalProperties: false,
	minProperties: 1,
} as const;

/** Value shape per operator, as if/then so the failing branch gives a precise message. */
function valueFor(operators: readonly string[], value: object) {
	return {
		if: { properties: { operator: { enum: operators } }, required: ['operator'] },
		then: { properties: { value }, required: ['value'] },
	};
}

export const searchBody = {
	type: 'object',
	properties: {
		locationId: { type: 'string' },
		pageLimit: { type: 'integer', minimum: 1, maximum: 500 },
		page: { type: 'integer', minimum: 1 },
		searchAfter: { type: 'array', items: { type: ['string', 'number', 'null'] }, minItems: 1 },
		query: { type: 'string', maxLength: 75 },
		filters: { type: 'array', items: { $ref: '#/$defs/filter' } },
		sort: {
			type: 'array',
			items: {
				type: 'object',
				properties: { field: { type: 'string' }, direction: { enum: ['asc', 'desc'] } },
				required: ['field', 'direction'],
				additionalProperties: false,
			},
		},
	},
	required: ['locationId', 'pageLimit'],
	additionalProperties: false,
	$defs: {
		filter: {
			type: 'object',
			properties: {
				field: { type: 'string' },
				operator: { enum: ['eq', 'not_eq', 'contains', 'not_contains', 'exists', 'not_exists', 'range'] },
				value: {},
				group: { enum: ['AND', 'OR'] },
				filters: { type: 'array', items: { $ref: '#/$defs/filter' } },
			},
			additionalProperties: false,
			oneOf: [{ required: ['field', 'operator'] }, { required: ['group', 'filters'] }],
			description: 'must be either {field, operator, value} or {group, filters}',
			allOf: [
				valueFor(['eq', 'not_eq'], { type: ['string', 'number', 'boolean', 'array'], maxLength: 75 }),
				valueFor(['contains', 'not_contains'], { type: 'string', maxLength: 75 }),
				valueFor(['range'], rangeValue),
			],
		},
	},
} as const;

const taskFields = {
	title: { type: 'string' },
	body: { type: 'string' },
	dueDate: isoSeconds,
	completed: { type: 'boolean' },
	assignedTo: { type: 'string' },
} as const;

export const createTaskBody = { type: 'object', properties: taskFields, required: ['title', 'dueDate', 'completed'], additionalProperties: false } as const;
export const updateTaskBody = { type: 'object', properties: taskFields, additionalProperties: false } as const;
export const taskCompletedBody = {
	type: 'object',
	properties: { completed: { type: 'boolean' } },
	required: ['completed'],
	additionalProperties: false,
} as const;

const noteFields = {
	body: { type: 'string' },
	userId: { type: 'string' },
	title: { type: 'string' },
	color: { type: 'string' },
	pinned: { type: 'boolean' },
} as const;

export const createNoteBody = { type: 'object', properties: noteFields, required: ['body'], additionalProperties: false } as const;
export const updateNoteBody = { type: 'object', properties: noteFields, additionalProperties: false } as const;

export const tagsBody = { type: 'object', properties: { tags: stringList }, required: ['tags'], additionalProperties: false } as const;

export const authorizeQuery = {
	type: 'object',
	properties: {
		response_type: { const: 'code' },
		client_id: { type: 'string' },
		redirect_uri: { type: 'string', format: 'uri' },
		scope: { type: 'string' },
		state: { type: 'string' },
		// Sandbox extension: which location "the user" picks (default: the default location).
		locationId: { type: 'string' },
	},
	required: ['response_type', 'client_id', 'redirect_uri'],
} as const;

export const tokenBody = {
	type: 'object',
	properties: {
		client_id: { type: 'string' },
		client_secret: { type: 'string' },
		grant_type: { enum: ['authorization_code', 'refresh_token', 'client_credentials'] },
		code: { type: 'string' },
		refresh_token: { type: 'string' },
		user_type: { enum: ['Location', 'Company'] },
		redirect_uri: { type: 'string' },
	},
	required: ['grant_type'],
} as const;
