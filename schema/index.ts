/** The whole Drizzle schema; drizzle-kit reads this file (`drizzle.config.ts`). */
export * from './users.ts';
export * from './addresses.ts';
export * from './auth.ts';
export * from './categories.ts';
export * from './payments.ts';
export * from './marketplace.ts';
export * from './money.ts';
export * from './infrastructure.ts';
export * from './points.ts';
export * from './level-configs.ts';
export * from './notifications.ts';
export * from './disputes.ts';
export * from './blog.ts';
export * from './chats.ts';
export * from './shop-settings.ts';
export * from './config-settings.ts';
export * from './request-templates.ts';
