// Builds the inspector page into dist/app/ before the tests: `sessions ui` serves it from there.
// @ts-expect-error: a plain ES module script without type declarations.
import { buildApp } from '../../scripts/build-app.mjs';

export default async function setup(): Promise<void> {
  await (buildApp as () => Promise<void>)();
}
