/** Example spec of the notification contract. */
import { assert, rejectsWith } from './examples.ts';
import { NotFoundError, UnsafeInputError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { NewNotification, NotificationRepository } from './notification.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const inbox = (r: Repos) => r.notification as NotificationRepository;
const owner = async (r: Repos) => (r.user as UserRepository).create({ email: `inbox${Math.random().toString(36).slice(2)}@example.com` });
const note = (userId: string, extra: Partial<NewNotification> = {}): NewNotification => ({ userId, type: 'offer.received', title: 'New offer', body: 'You have a new offer', ...extra });

export const notificationExamples: readonly Example[] = [
  {
    name: 'lists newest first and pages with a before cursor',
    async run({ repos }) {
      const u = await owner(repos);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await inbox(repos).create(note(u.id, { title: `n${i}` }))).id);
      const page1 = await inbox(repos).list(u.id, { limit: 2 });
      assert.deepEqual(page1.map((n) => n.id), [ids[4], ids[3]]);
      const page2 = await inbox(repos).list(u.id, { limit: 2, before: page1[1]!.id });
      assert.deepEqual(page2.map((n) => n.id), [ids[2], ids[1]]);
      const page3 = await inbox(repos).list(u.id, { limit: 2, before: page2[1]!.id });
      assert.deepEqual(page3.map((n) => n.id), [ids[0]]);
    },
  },
  {
    name: 'keeps the first read time when marked read twice, and counts unread',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await inbox(repos).create(note(u.id));
      await inbox(repos).create(note(u.id));
      await inbox(repos).create(note(u.id));
      assert.equal(await inbox(repos).unreadCount(u.id), 3);
      const first = await inbox(repos).markRead(a.id);
      assert.equal(typeof first.readAt, 'number');
      const second = await inbox(repos).markRead(a.id);
      assert.equal(second.readAt, first.readAt);
      assert.equal(await inbox(repos).unreadCount(u.id), 2);
      assert.equal(await inbox(repos).markAllRead(u.id), 2);
      assert.equal(await inbox(repos).markAllRead(u.id), 0);
      assert.equal(await inbox(repos).unreadCount(u.id), 0);
      assert.equal((await inbox(repos).get(a.id))?.readAt, first.readAt);
    },
  },
  {
    name: 'reads a data payload back exactly: the JSON string "10.5" stays a string',
    async run({ repos }) {
      const u = await owner(repos);
      const data = { amount: '10.5', n: 10.5, big: Number.MAX_SAFE_INTEGER, list: [1, null, { inner: [true, 'ü😀'] }], nested: { deep: { x: 'y' } } };
      const a = await inbox(repos).create(note(u.id, { data }));
      assert.deepEqual(a.data, data);
      assert.deepEqual((await inbox(repos).get(a.id))?.data, data);
      const b = await inbox(repos).create(note(u.id, { data: '10.5' }));
      assert.equal((await inbox(repos).get(b.id))?.data, '10.5');
      const c = await inbox(repos).create(note(u.id));
      assert.ok(!('data' in c) && !('readAt' in c));
    },
  },
  {
    name: 'validates limit, data and text before either store is written',
    async run({ repos, probe }) {
      const u = await owner(repos);
      await rejectsWith(inbox(repos).list(u.id, { limit: 0 }), ValidationError, { field: 'limit' });
      await rejectsWith(inbox(repos).list(u.id, { limit: 101 }), ValidationError, { field: 'limit' });
      await rejectsWith(inbox(repos).create(note(u.id, { data: { a: 'x\u0000' } })), ValidationError, { field: 'data' });
      await rejectsWith(inbox(repos).create(note(u.id, { data: [2 ** 60] })), ValidationError, { field: 'data' });
      await rejectsWith(inbox(repos).create(note(u.id, { data: { a: [[1]] } })), ValidationError, { field: 'data' });
      await rejectsWith(inbox(repos).create(note(u.id, { data: null as never })), ValidationError, { field: 'data' });
      await rejectsWith(inbox(repos).create(note(u.id, { body: 'a\uDC00' })), UnsafeInputError, { field: 'body' });
      for (const n of await probe.count({ mongo: 'notifications', pg: 'notifications', model: 'notification' })) assert.equal(n, 0);
    },
  },
  {
    name: 'deletes, and reports a missing notification, user or cursor',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await inbox(repos).create(note(u.id));
      await inbox(repos).delete(a.id);
      assert.equal(await inbox(repos).get(a.id), null);
      await rejectsWith(inbox(repos).delete(a.id), NotFoundError, { entity: 'notification' });
      await rejectsWith(inbox(repos).markRead(MISSING_ID), NotFoundError, { entity: 'notification' });
      await rejectsWith(inbox(repos).list(u.id, { limit: 5, before: a.id }), NotFoundError, { entity: 'notification' });
      await rejectsWith(inbox(repos).create(note(MISSING_ID)), NotFoundError, { entity: 'user' });
      assert.deepEqual(await inbox(repos).list(MISSING_ID), []);
    },
  },
];
