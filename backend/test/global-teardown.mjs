import { cleanup } from './global-setup.mjs';

export default async function globalTeardown() {
  await cleanup();
}
