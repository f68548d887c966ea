/**
 * Invariant: at most one Telegram link per user and at most one per Telegram account. Postgres
 * holds it with two unique indexes; on the Mongo side the plain unique indexes should too, and
 * this check proves that the repository never bypassed them (for example by upserting on the
 * wrong key).
 */
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';

export const oneTelegramLinkPerSide: Invariant = {
  name: 'at most one Telegram link per user and per Telegram account',
  async pg(db) {
    const r = await db.execute<{ side: string; key: string; n: number }>(sql`
      SELECT 'user' AS side, user_id::text AS key, count(*)::int AS n FROM telegram_links GROUP BY user_id HAVING count(*) > 1
      UNION ALL
      SELECT 'telegram user', telegram_user_id::text, count(*)::int FROM telegram_links GROUP BY telegram_user_id HAVING count(*) > 1`);
    return r.rows.map((x) => `${x.side} ${x.key} has ${x.n} Telegram links`);
  },
  async mongo(db) {
    const byUser = new Map<string, number>();
    const byTelegram = new Map<string, number>();
    for (const l of await db.collection('telegramLinks').find({}, { projection: { userId: 1, telegramUserId: 1 } }).toArray()) {
      byUser.set(String(l.userId), (byUser.get(String(l.userId)) ?? 0) + 1);
      byTelegram.set(String(l.telegramUserId), (byTelegram.get(String(l.telegramUserId)) ?? 0) + 1);
    }
    return [
      ...[...byUser].filter(([, n]) => n > 1).map(([k, n]) => `user ${k} has ${n} Telegram links`),
      ...[...byTelegram].filter(([, n]) => n > 1).map(([k, n]) => `telegram user ${k} has ${n} Telegram links`),
    ];
  },
};
