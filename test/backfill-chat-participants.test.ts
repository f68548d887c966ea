/**
 * Backfill, verify and resync of chats with their participants, on the real servers: Mongo embeds
 * the participants in the chat document, Postgres keeps them in `chat_participants` (a child table
 * of the chat spec), and a user message's sender must be a participant (a composite foreign key
 * from `chat_messages`). Backfill writes the participants with the chat, verify compares them as
 * part of the chat, and a later backfill repairs a changed participant row, or follows a chat
 * update, without deleting the participant a message points at.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { backfill, type BackfillReport } from '../harness/cutover/backfill.ts';
import { verify } from '../harness/cutover/verify.ts';
import { resync } from '../harness/cutover/reconcile.ts';
import { scratchQuery, useScratchStores } from './support.ts';

const t = (s: string) => new Date(`2024-03-0${s}T10:00:00.000Z`);

describe('backfill and verify of chat participants', () => {
  const s = useScratchStores();
  const [ann, bob, cem, dan] = [new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId()];
  const [chat, lonely, orphan] = [new ObjectId(), new ObjectId(), new ObjectId()];
  const message = new ObjectId();
  let first: BackfillReport;

  const query = (text: string, values: unknown[] = []) => scratchQuery(s.pg, text, values);
  const participants = async () =>
    (
      await query(
        `SELECT m.legacy_object_id AS user, p.position FROM chat_participants p JOIN chats c ON c.id = p.chat_id JOIN id_map m ON m.entity = 'users' AND m.pg_id = p.user_id WHERE c.legacy_object_id = $1 ORDER BY p.position`,
        [chat.toHexString()],
      )
    ).map((r) => [r.user, r.position]);

  beforeAll(async () => {
    const db = s.mongo.db;
    await db.collection('users').insertMany([ann, bob, cem, dan].map((_id, i) => ({ _id, email: `p${i}@example.com`, role: 'buyer', createdAt: t('1'), updatedAt: t('1') })));
    await db.collection('chats').insertMany([
      // A duplicate (upper-case hex of ann) is dropped, first appearance kept.
      { _id: chat, participants: [bob, ann, ann.toHexString().toUpperCase(), cem], purchaseRequestRef: 'PR-1', lastMessageAt: t('3'), createdAt: t('2'), updatedAt: t('3') },
      // One distinct participant: refused by the participant rule.
      { _id: lonely, participants: [ann, ann], createdAt: t('2'), updatedAt: t('2') },
      // A participant that is not a user: refused as a reference of the child table.
      { _id: orphan, participants: [ann, new ObjectId()], createdAt: t('2'), updatedAt: t('2') },
    ]);
    await db.collection('chatMessages').insertOne({ _id: message, chatId: chat, seq: 1, kind: 'user', senderId: ann, body: 'hello', createdAt: t('3') });
    first = await backfill({ mongoDb: db, pg: s.pg.db, batchSize: 2 });
  });

  it('writes each chat with its participants in canonical order, and the message', async () => {
    const chats = first.entities.find((e) => e.entity === 'chat')!;
    expect(chats.counts).toMatchObject({ seen: 3, inserted: 1, skipped: 2 });
    expect(first.entities.find((e) => e.entity === 'chatMessage')!.counts).toMatchObject({ seen: 1, inserted: 1 });
    expect(first.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: lonely.toHexString(), field: 'participants' }),
        expect.objectContaining({ id: orphan.toHexString(), field: 'participant.userId', cause: 'reference' }),
      ]),
    );
    expect(await participants()).toEqual([
      [bob.toHexString(), 0],
      [ann.toHexString(), 1],
      [cem.toHexString(), 2],
    ]);
  });

  it('verify finds zero diff, participants included; a second backfill writes nothing', async () => {
    const v = await verify({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['chat'] });
    expect(v.differences).toEqual([]);
    expect(v.entities.map((e) => [e.entity, e.postgres.rows, e.mongo.expected])).toEqual([
      ['chat', 1, 1],
      ['chatMessage', 1, 1],
    ]);
    const again = await backfill({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['chat'] });
    expect(again.totals).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('reports a participant row changed in Postgres as a difference of its chat, and a backfill repairs it around the message', async () => {
    await query(
      `UPDATE chat_participants SET user_id = (SELECT pg_id FROM id_map WHERE entity = 'users' AND legacy_object_id = $1) WHERE user_id = (SELECT pg_id FROM id_map WHERE entity = 'users' AND legacy_object_id = $2)`,
      [dan.toHexString(), cem.toHexString()],
    );
    const v = await verify({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['chat'], bucketBits: 0, leafSize: 1 });
    expect(v.differences).toEqual([
      {
        entity: 'chat',
        id: chat.toHexString(),
        fields: [{ field: 'participants', mongo: [bob, ann, cem].map((x) => x.toHexString()), postgres: [bob, ann, dan].map((x) => x.toHexString()) }],
      },
    ]);
    // ann sent the message: her row must stay while the chat's rows are brought back.
    const fix = await backfill({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['chat'] });
    expect(fix.totals).toMatchObject({ updated: 1, inserted: 0 });
    expect(fix.skipped).toEqual([expect.objectContaining({ id: lonely.toHexString() }), expect.objectContaining({ id: orphan.toHexString() })]);
    expect((await verify({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['chat'] })).differences).toEqual([]);
  });

  it('follows a participant added and a new message in Mongo; resync deletes a chat gone from Mongo with its participants', async () => {
    const db = s.mongo.db;
    await db.collection('chats').updateOne({ _id: chat }, { $push: { participants: dan } as never, $set: { lastMessageAt: t('4'), updatedAt: t('4') } });
    await db.collection('chatMessages').insertOne({ _id: new ObjectId(), chatId: chat, seq: 2, kind: 'user', senderId: dan, body: 'hi all', createdAt: t('4') });
    const r = await backfill({ mongoDb: db, pg: s.pg.db, domains: ['chat'] });
    expect(r.entities.find((e) => e.entity === 'chat')!.counts).toMatchObject({ updated: 1 });
    expect(r.entities.find((e) => e.entity === 'chatMessage')!.counts).toMatchObject({ inserted: 1 });
    expect((await participants()).map(([u]) => u)).toEqual([bob, ann, cem, dan].map((x) => x.toHexString()));
    expect((await verify({ mongoDb: db, pg: s.pg.db, domains: ['chat'] })).differences).toEqual([]);

    await db.collection('chatMessages').deleteMany({ chatId: chat });
    await db.collection('chats').deleteOne({ _id: chat });
    const re = await resync({ mongoDb: db, pg: s.pg.db, domains: ['chat'] });
    expect(re.deleted).toEqual(expect.arrayContaining([{ table: 'chats', id: chat.toHexString() }]));
    expect(await query(`SELECT count(*)::int AS n FROM chat_participants`)).toEqual([{ n: 0 }]);
    expect((await verify({ mongoDb: db, pg: s.pg.db, domains: ['chat'] })).differences).toEqual([]);
  });
});
