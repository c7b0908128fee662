/** Paths of the backend contract (api.md); the console and the API share one origin. */
export const API_BASE = '/api';

export const AUTH_LOGIN_URL = `${API_BASE}/auth/login`;
export const AUTH_REFRESH_URL = `${API_BASE}/auth/refresh`;
export const AUTH_LOGOUT_URL = `${API_BASE}/auth/logout`;
export const ME_URL = `${API_BASE}/me`;
export const ME_PASSWORD_URL = `${API_BASE}/me/password`;
export const API_TOKENS_URL = `${API_BASE}/api-tokens`;
export const USERS_URL = `${API_BASE}/users`;
/** The API's OpenAPI documentation (Swagger UI), linked for partners. */
export const API_DOCS_URL = `${API_BASE}/docs`;
export const HEALTH_URL = `${API_BASE}/health`;

/** The request's path, for absolute (`http://host/api/x`) and relative (`/api/x`) URLs alike. */
function pathOf(url: string): string {
  if (url.startsWith('/')) {
    return url.split(/[?#]/, 1)[0] ?? url;
  }
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Is `url` a call to our API (as opposed to e.g. `/i18n/id.json`)? */
export function isApiUrl(url: string): boolean {
  const path = pathOf(url);
  return path === API_BASE || path.startsWith(`${API_BASE}/`);
}

/** Login and refresh authenticate by their body and never carry a bearer token. */
export function isTokenEndpoint(url: string): boolean {
  const path = pathOf(url);
  return path === AUTH_LOGIN_URL || path === AUTH_REFRESH_URL;
}
