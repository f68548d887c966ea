/**
 * Invariants of the chat domain on stored state: every chat has at least two participants and no
 * participant twice, and every user message's sender is a participant of its chat (Postgres holds
 * these with a primary key and a composite foreign key; on Mongo these checks are the only guard).
 */
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';

export const chatParticipantsCanonical: Invariant = {
  name: 'chat participants unique per chat, at least two',
  async pg(db) {
    const r = await db.execute<{ id: string; n: number }>(sql`
      SELECT c.id, count(p.user_id)::int AS n FROM chats c LEFT JOIN chat_participants p ON p.chat_id = c.id
      GROUP BY c.id HAVING count(p.user_id) < 2`);
    return r.rows.map((x) => `chat ${x.id} has ${x.n} participants`);
  },
  async mongo(db) {
    const out: string[] = [];
    for (const c of await db.collection('chats').find({}, { projection: { participants: 1 } }).toArray()) {
      const ids = Array.isArray(c.participants) ? c.participants.map(String) : [];
      if (new Set(ids).size !== ids.length) out.push(`chat ${String(c._id)} lists a participant twice`);
      if (new Set(ids).size < 2) out.push(`chat ${String(c._id)} has ${new Set(ids).size} distinct participants`);
    }
    return out;
  },
};

export const chatSenderIsParticipant: Invariant = {
  name: "a user message's sender is a participant of its chat",
  async pg(db) {
    const r = await db.execute<{ id: string }>(sql`
      SELECT m.id FROM chat_messages m
      WHERE (m.kind = 'user') <> (m.sender_id IS NOT NULL)
         OR (m.sender_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = m.chat_id AND p.user_id = m.sender_id))`);
    return r.rows.map((x) => `message ${x.id} has a sender that is not a participant (or a sender on a system message)`);
  },
  async mongo(db) {
    const chats = new Map((await db.collection('chats').find({}, { projection: { participants: 1 } }).toArray()).map((c) => [String(c._id), new Set((c.participants ?? []).map(String))]));
    const out: string[] = [];
    for (const m of await db.collection('chatMessages').find({}).toArray()) {
      if ((m.kind === 'user') !== (m.senderId != null)) out.push(`message ${String(m._id)} of kind ${String(m.kind)} has ${m.senderId == null ? 'no' : 'a'} sender`);
      else if (m.senderId != null && !chats.get(String(m.chatId))?.has(String(m.senderId))) out.push(`message ${String(m._id)} has a sender that is not a participant`);
    }
    return out;
  },
};
