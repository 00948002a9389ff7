import type { Operation } from '../../shared/router';
import type { SkilljarConnection } from '../transport';

/** One operation: its parameters (shown only for it) and what it does for one input item. */
export type SkilljarOperation = Operation<SkilljarConnection>;
