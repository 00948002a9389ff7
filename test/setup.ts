import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core keeps instance settings (an encryption key) in the user folder; tests use a throwaway one.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'ghl-lms-n8n-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
