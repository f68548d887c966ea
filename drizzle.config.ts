import { defineConfig } from 'drizzle-kit';

/** drizzle-kit reads the schema from code and writes SQL migrations beside it. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './schema/index.ts',
  out: './schema/migrations',
  strict: true,
  verbose: false,
});
