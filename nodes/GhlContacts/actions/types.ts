import type { ItemOperation, Operation } from '../../shared/router';
import type { GhlConnection } from '../transport';

export type GhlOperation = Operation<GhlConnection>;
export type GhlItemOperation = ItemOperation<GhlConnection>;
