import type { Operation } from '../../shared/router';
import type { OchConnection } from '../transport';

export type OchOperation = Operation<OchConnection>;
