/** The whole Drizzle schema; drizzle-kit reads this file (`drizzle.config.ts`). */
export * from './users.ts';
export * from './addresses.ts';
export * from './categories.ts';
export * from './payments.ts';
export * from './money.ts';
export * from './infrastructure.ts';
export * from './derived-destinations.ts';
export * from './trezor.ts';
