/** Example spec of the chat contract. */
import { assert, rejectsWith } from './examples.ts';
import { InvariantViolation, ValidationError } from './errors.ts';
import { CHAT_SENDER_IS_PARTICIPANT, type ChatRepository } from './chat.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const chat = (r: Repos) => r.chat as ChatRepository;
const user = async (r: Repos) => (await (r.user as UserRepository).create({ email: `chat${Math.random().toString(36).slice(2)}@example.com` })).id;

export const chatExamples: readonly Example[] = [
  {
    name: 'keeps participants canonical: duplicates removed, first appearance order, at least two',
    async run({ repos, probe }) {
      const [a, b, c] = [await user(repos), await user(repos), await user(repos)];
      const created = await chat(repos).createChat({ participants: [b, a, b, c, a] });
      assert.deepEqual(created.participants, [b, a, c]);
      await rejectsWith(chat(repos).createChat({ participants: [a, a] }), ValidationError, { field: 'participants' });
      const same = await chat(repos).addParticipant(created.id, a);
      assert.deepEqual(same, created);
      const d = await user(repos);
      const grown = await chat(repos).addParticipant(created.id, d);
      assert.deepEqual(grown.participants, [b, a, c, d]);
      assert.deepEqual((await chat(repos).getChat(created.id))?.participants, [b, a, c, d]);
      for (const n of await probe.count({ mongo: 'chats', pg: 'chats', model: 'chat' })) assert.equal(n, 1);
    },
  },
  {
    name: 'accepts user messages from participants only; system messages have no sender',
    async run({ repos }) {
      const [a, b, outsider] = [await user(repos), await user(repos), await user(repos)];
      const c = await chat(repos).createChat({ participants: [a, b] });
      const m = await chat(repos).postMessage({ chatId: c.id, senderId: a, body: 'hi' });
      assert.equal(m.senderId, a);
      assert.equal(m.seq, 1);
      await rejectsWith(chat(repos).postMessage({ chatId: c.id, senderId: outsider, body: 'let me in' }), InvariantViolation, { invariant: CHAT_SENDER_IS_PARTICIPANT });
      const s = await chat(repos).postSystemMessage({ chatId: c.id, body: 'payment confirmed' });
      assert.equal(s.kind, 'system');
      assert.ok(!('senderId' in s));
      assert.equal(s.seq, 2);
    },
  },
  {
    name: 'lists messages newest first and pages with before',
    async run({ repos }) {
      const [a, b] = [await user(repos), await user(repos)];
      const c = await chat(repos).createChat({ participants: [a, b] });
      for (const body of ['one', 'two', 'three', 'four']) await chat(repos).postMessage({ chatId: c.id, senderId: body.length === 3 ? a : b, body });
      const first = await chat(repos).listMessages(c.id, { limit: 2 });
      assert.deepEqual(first.map((m) => m.body), ['four', 'three']);
      const next = await chat(repos).listMessages(c.id, { limit: 5, before: first.at(-1)!.seq });
      assert.deepEqual(next.map((m) => m.body), ['two', 'one']);
    },
  },
  {
    name: "lists a user's chats by latest message, chats without messages last",
    async run({ repos }) {
      const [a, b, c] = [await user(repos), await user(repos), await user(repos)];
      const quiet = await chat(repos).createChat({ participants: [a, b], purchaseRequestRef: 'PR-1' });
      const older = await chat(repos).createChat({ participants: [a, c] });
      const newer = await chat(repos).createChat({ participants: [b, a] });
      await chat(repos).postMessage({ chatId: newer.id, senderId: b, body: 'first' });
      await chat(repos).postSystemMessage({ chatId: older.id, body: 'later' });
      const list = await chat(repos).listChatsForUser(a);
      assert.deepEqual(list.map((x) => x.id), [older.id, newer.id, quiet.id]);
      assert.equal(list[2]!.purchaseRequestRef, 'PR-1');
      assert.deepEqual((await chat(repos).listChatsForUser(c)).map((x) => x.id), [older.id]);
    },
  },
];
