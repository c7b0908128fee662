import { readFileSync } from 'node:fs';

/** Version of the backend package (shown by /api/health and the OpenAPI document). */
export const APP_VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
