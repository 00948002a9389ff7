// n8n's Data Tables in memory, for engine runs: what n8n's Data Table node calls through
// `helpers.getDataTableProxy` / `getDataTableAggregateProxy`, with the semantics of n8n's own
// data-table service (n8n/dist/modules/data-table): cells checked against column types, dates
// stored as instants and handed back as Date objects, `updatedAt` set on every update, SQL-like
// filters (NULL matches no comparison; `neq` also matches NULL; LIKE wildcards are `%` only;
// LIKE case-sensitive, ILIKE not), rows in id order unless sorted.
import {
	DATA_TABLE_SYSTEM_COLUMN_TYPE_MAP,
	NodeOperationError,
	validateFieldType,
	type DataTable,
	type DataTableColumn,
	type DataTableColumnType,
	type DataTableFilter,
	type DataTableRow,
	type DataTableRowReturn,
	type IDataObject,
	type IDataTableProjectAggregateService,
	type IDataTableProjectService,
	type INode,
	type ListDataTableRowsOptions,
} from 'n8n-workflow';

/** The retry list every template shares (docs/recovery.md). */
export const RETRY_TABLE = 'LMS Sync Retries';

export const RETRY_COLUMNS: Array<{ name: string; type: DataTableColumnType }> = [
	{ name: 'retry_key', type: 'string' },
	{ name: 'workflow_id', type: 'string' },
	{ name: 'workflow_name', type: 'string' },
	{ name: 'item_key', type: 'string' },
	{ name: 'contact_id', type: 'string' },
	{ name: 'step', type: 'string' },
	{ name: 'error', type: 'string' },
	{ name: 'http_code', type: 'number' },
	{ name: 'payload', type: 'string' },
	{ name: 'attempts', type: 'number' },
	{ name: 'first_failed_at', type: 'date' },
	{ name: 'last_failed_at', type: 'date' },
	{ name: 'status', type: 'string' },
];

const PROJECT_ID = 'engine-test-project';
// The nodes n8n lets use the proxy.
const ALLOWED_NODES = new Set(['n8n-nodes-base.dataTable', 'n8n-nodes-base.dataTableTool']);
const FIELD_TYPES = {
	number: 'number',
	string: 'string',
	boolean: 'boolean',
	date: 'dateTime',
} as const;

type Cell = DataTableRow[string];
type Stored = Record<string, Cell> & { id: number; createdAt: Date; updatedAt: Date };

interface Table {
	id: string;
	name: string;
	columns: DataTableColumn[];
	rows: Stored[];
	nextId: number;
	createdAt: Date;
	updatedAt: Date;
}

export class TestDataTables {
	private readonly tables = new Map<string, Table>();
	private nextTable = 1;

	/** A new table with these columns (in order). */
	create(name: string, columns: Array<{ name: string; type: DataTableColumnType }>) {
		if ([...this.tables.values()].some((table) => table.name === name))
			throw new Error(`Data table with name "${name}" already exists in this project`);
		const id = `dt${String(this.nextTable++).padStart(14, '0')}`;
		const now = new Date();
		this.tables.set(id, {
			id,
			name,
			columns: columns.map((column, index) => ({
				id: `${id}c${index}`,
				...column,
				index,
				dataTableId: id,
			})),
			rows: [],
			nextId: 1,
			createdAt: now,
			updatedAt: now,
		});
		return { id, name };
	}

	/** A table's id by its id or name. */
	idOf(nameOrId: string): string {
		return this.table(nameOrId).id;
	}

	/** Copies of a table's rows as n8n hands them out (dates as Date objects), in id order. */
	rows(nameOrId: string): IDataObject[] {
		return this.table(nameOrId).rows.map((row) => ({ ...row }) as IDataObject);
	}

	/** Adds rows as the Data Table node's Insert does (cells checked and converted). */
	insert(nameOrId: string, rows: IDataObject[]): IDataObject[] {
		return insertRows(this.table(nameOrId), rows as DataTableRow[]) as unknown as IDataObject[];
	}

	/** Backdates a row's `updatedAt`, as if it was last written then (n8n sets it on every write). */
	setUpdatedAt(nameOrId: string, rowId: number, updatedAt: Date): void {
		const row = this.table(nameOrId).rows.find((candidate) => candidate.id === rowId);
		if (!row) throw new Error(`no row ${rowId} in ${nameOrId}`);
		row.updatedAt = updatedAt;
	}

	/** What n8n's core hands to `additionalData['data-table']`. */
	get provider() {
		return {
			dataTableProxyProvider: {
				getDataTableProxy: async (
					_workflow: unknown,
					node: INode,
					dataTableId: string,
				): Promise<IDataTableProjectService> => {
					allowed(node);
					const table = this.tables.get(dataTableId);
					if (!table) {
						throw new NodeOperationError(
							node,
							`Data table with ID '${dataTableId}' could not be found in this project`,
							{
								description:
									'It may have been deleted, or skipped when the workflow was imported. Choose an existing data table in the node.',
							},
						);
					}
					return this.proxy(table);
				},
				getDataTableAggregateProxy: async (
					_workflow: unknown,
					node: INode,
				): Promise<IDataTableProjectAggregateService> => {
					allowed(node);
					return this.aggregate();
				},
			},
		};
	}

	private table(nameOrId: string): Table {
		const table =
			this.tables.get(nameOrId) ?? [...this.tables.values()].find((t) => t.name === nameOrId);
		if (!table) throw new Error(`no data table ${nameOrId}`);
		return table;
	}

	private aggregate(): IDataTableProjectAggregateService {
		return {
			getProjectId: () => PROJECT_ID,
			createDataTable: async (options) => {
				const { id } = this.create(options.name, options.columns);
				return describe(this.table(id));
			},
			getManyAndCount: async (options) => {
				// n8n matches names case-insensitively as substrings.
				const names = [options.filter?.name ?? []].flat().map((name) => name.toLowerCase());
				const found = [...this.tables.values()].filter((table) =>
					names.every((name) => table.name.toLowerCase().includes(name)),
				);
				const page = found.slice(
					options.skip ?? 0,
					options.take ? (options.skip ?? 0) + options.take : undefined,
				);
				return { count: found.length, data: page.map(describe) };
			},
			deleteDataTableAll: async () => {
				this.tables.clear();
				return true;
			},
		};
	}

	private proxy(table: Table): IDataTableProjectService {
		const unsupported = async (): Promise<never> => {
			throw new Error('Changing a data table’s columns is not modelled in engine tests');
		};
		return {
			updateDataTable: async ({ name }) => {
				table.name = name;
				return true;
			},
			deleteDataTable: async () => this.tables.delete(table.id),
			getColumns: async () => table.columns.map((column) => ({ ...column })),
			addColumn: unsupported,
			moveColumn: unsupported,
			deleteColumn: unsupported,
			getManyRowsAndCount: async (options) => selectRows(table, options),
			insertRows: (async (rows: DataTableRow[], returnType: string) => {
				const inserted = insertRows(table, rows);
				if (returnType === 'count') return { success: true, insertedRows: inserted.length };
				if (returnType === 'id') return inserted.map(({ id }) => ({ id }));
				return inserted;
			}) as IDataTableProjectService['insertRows'],
			updateRows: async ({ filter, data, dryRun }) => {
				refuseDryRun(dryRun);
				return updateRows(table, filter, data);
			},
			upsertRow: async ({ filter, data, dryRun }) => {
				refuseDryRun(dryRun);
				const updated = updateRows(table, filter, data);
				return updated.length > 0 ? updated : insertRows(table, [data]);
			},
			deleteRows: async ({ filter, dryRun }) => {
				refuseDryRun(dryRun);
				if (!filter?.filters?.length)
					throw new Error(
						'Filter is required for delete operations to prevent accidental deletion of all data',
					);
				const matches = matcher(table, filter);
				const deleted = table.rows.filter(matches);
				table.rows = table.rows.filter((row) => !matches(row));
				return deleted.map((row) => ({ ...row }));
			},
			clearRows: async () => {
				const deletedCount = table.rows.length;
				table.rows = [];
				return { deletedCount };
			},
		};
	}
}

function allowed(node: INode): void {
	if (!ALLOWED_NODES.has(node.type))
		throw new Error('This proxy is only available for Data table nodes');
}

function refuseDryRun(dryRun: boolean | undefined): void {
	if (dryRun) throw new Error('Dry runs are not modelled in engine tests');
}

function describe(table: Table): DataTable {
	return {
		id: table.id,
		name: table.name,
		columns: table.columns.map((column) => ({ ...column })),
		createdAt: table.createdAt,
		updatedAt: table.updatedAt,
		projectId: PROJECT_ID,
	};
}

function typesOf(table: Table, withSystem: boolean): Map<string, DataTableColumnType> {
	return new Map<string, DataTableColumnType>([
		...(withSystem ? Object.entries(DATA_TABLE_SYSTEM_COLUMN_TYPE_MAP) : []),
		...table.columns.map((column) => [column.name, column.type] as [string, DataTableColumnType]),
	]);
}

/** A cell as n8n's service stores it: checked against the column type, dates as instants. */
function cellOf(types: Map<string, DataTableColumnType>, key: string, value: Cell): Cell {
	const type = types.get(key);
	if (type === undefined) throw new Error(`unknown column name '${key}'`);
	if (value === null || value === undefined) return null;
	const result = validateFieldType(key, value, FIELD_TYPES[type], {
		strict: false,
		parseStrings: false,
	});
	if (!result.valid) {
		throw new Error(
			`value '${String(value)}' does not match column type '${type}': ${result.errorMessage}`,
		);
	}
	const converted = result.newValue as unknown;
	if (type === 'date') {
		const iso = (converted as { toUTC?: () => { toISO: () => string | null } })
			?.toUTC?.()
			.toISO?.();
		const date = new Date(iso ?? (converted as string));
		if (Number.isNaN(date.getTime()))
			throw new Error(`value '${String(value)}' does not match column type 'date'`);
		return date;
	}
	return converted as Cell;
}

function cellsOf(table: Table, row: DataTableRow, withSystem = false): Record<string, Cell> {
	const types = typesOf(table, withSystem);
	return Object.fromEntries(
		Object.entries(row).map(([key, value]) => [key, cellOf(types, key, value)]),
	);
}

function insertRows(table: Table, rows: DataTableRow[]): DataTableRowReturn[] {
	const cells = rows.map((row) => cellsOf(table, row));
	return cells.map((row) => {
		const now = new Date();
		const stored: Stored = {
			id: table.nextId++,
			createdAt: now,
			updatedAt: now,
			...Object.fromEntries(table.columns.map((column) => [column.name, row[column.name] ?? null])),
		} as Stored;
		table.rows.push(stored);
		return { ...stored } as DataTableRowReturn;
	});
}

function updateRows(
	table: Table,
	filter: DataTableFilter,
	data: DataTableRow,
): DataTableRowReturn[] {
	if (!filter?.filters?.length) throw new Error('Filter must not be empty');
	if (!data || Object.keys(data).length === 0) throw new Error('Data columns must not be empty');
	const changes = cellsOf(table, data);
	const matches = matcher(table, filter);
	return table.rows.filter(matches).map((row) => {
		Object.assign(row, changes, { updatedAt: new Date() });
		return { ...row } as DataTableRowReturn;
	});
}

function selectRows(table: Table, options: Partial<ListDataTableRowsOptions>) {
	const matches = options.filter?.filters?.length ? matcher(table, options.filter) : () => true;
	const found = table.rows.filter(matches);
	const [field, direction] = options.sortBy ?? ['id', 'ASC'];
	if (!typesOf(table, true).has(field)) throw new Error('Incorrect column format');
	// Then by id, as n8n adds it; NULLs last ascending, as Postgres and n8n's SQLite order do.
	const sign = direction === 'DESC' ? -1 : 1;
	found.sort((a, b) => sign * order(a[field], b[field]) || a.id - b.id);
	const skip = options.skip ?? 0;
	const page = found.slice(skip, options.take ? skip + options.take : undefined);
	return { count: found.length, data: page.map((row) => ({ ...row }) as DataTableRowReturn) };
}

function order(a: Cell, b: Cell): number {
	if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
	if (b === null || b === undefined) return -1;
	const x = a instanceof Date ? a.getTime() : a;
	const y = b instanceof Date ? b.getTime() : b;
	return x < y ? -1 : x > y ? 1 : 0;
}

function matcher(table: Table, filter: DataTableFilter): (row: Stored) => boolean {
	const types = typesOf(table, true);
	const tests = filter.filters.map(({ columnName, condition, value }) => {
		const type = types.get(columnName);
		if (type === undefined) throw new Error(`unknown column name '${columnName}'`);
		// Not-string columns have no '' value: empty means NULL (n8n's service maps these).
		if (type !== 'string' && condition === 'isEmpty') return conditionTest('eq', null);
		if (type !== 'string' && condition === 'isNotEmpty') return conditionTest('neq', null);
		const cell =
			condition === 'isEmpty' || condition === 'isNotEmpty'
				? null
				: cellOf(types, columnName, value);
		if (condition === 'like' || condition === 'ilike') {
			if (cell === null)
				throw new Error(`${condition.toUpperCase()} filter value cannot be null or undefined`);
			if (typeof cell !== 'string')
				throw new Error(`${condition.toUpperCase()} filter value must be a string`);
			return likeTest(cell.includes('%') ? cell : `%${cell}%`, condition === 'ilike');
		}
		if (['gt', 'gte', 'lt', 'lte'].includes(condition) && cell === null)
			throw new Error(`${condition.toUpperCase()} filter value cannot be null or undefined`);
		return conditionTest(condition, cell);
	});
	const names = filter.filters.map((f) => f.columnName);
	return (row) => {
		const results = tests.map((test, index) => test(row[names[index]]));
		return filter.type === 'or' ? results.some(Boolean) : results.every(Boolean);
	};
}

function conditionTest(condition: DataTableFilter['filters'][number]['condition'], value: Cell) {
	return (cell: Cell): boolean => {
		const empty = cell === null || cell === undefined;
		switch (condition) {
			case 'isEmpty':
				return empty || cell === '';
			case 'isNotEmpty':
				return !empty && cell !== '';
		}
		if (value === null) return condition === 'eq' ? empty : condition === 'neq' ? !empty : false;
		// SQL: a comparison with NULL is not true, but n8n's `neq` adds "OR IS NULL".
		if (empty) return condition === 'neq';
		const compared = order(cell, value);
		switch (condition) {
			case 'eq':
				return compared === 0;
			case 'neq':
				return compared !== 0;
			case 'gt':
				return compared > 0;
			case 'gte':
				return compared >= 0;
			case 'lt':
				return compared < 0;
			case 'lte':
				return compared <= 0;
			default:
				throw new Error(`Unsupported filter condition: ${condition}`);
		}
	};
}

/** LIKE with `%` as the only wildcard (n8n escapes `_` and `\`). */
function likeTest(pattern: string, ignoreCase: boolean) {
	const source = pattern
		.split('%')
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('.*');
	const regex = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
	return (cell: Cell) => cell !== null && cell !== undefined && regex.test(String(cell));
}
