import type { Operation } from '../../shared/router';
import type { GhlConnection } from '../transport';

export type GhlOperation = Operation<GhlConnection>;
