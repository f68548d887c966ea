#!/usr/bin/env node
// The `cutover` command. Our sources are TypeScript run directly through tsx (no build step),
// so `npm ci && npx cutover check` works on a fresh clone.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli.ts');
await main();
