// Set before n8n-core loads (imported first by bench/run.ts), as test/setup.ts does for Jest:
// n8n-core keeps instance settings (an encryption key) in the user folder; use a throwaway one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'ghl-lms-bench-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
