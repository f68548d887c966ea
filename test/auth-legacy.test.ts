/** Legacy shapes of the auth collections read into canonical records (no servers needed). */
import { describe, expect, it } from 'vitest';
import { Long, ObjectId } from 'mongodb';
import { passkeyEntity, refreshTokenEntity, telegramLinkEntity, telegramSessionEntity } from '../repos/legacy/auth.ts';

const at = new Date('2024-03-01T10:00:00.000Z');
const user = new ObjectId();

describe('auth legacy shapes', () => {
  it('reads a Telegram id stored as an int64 beyond 2^53 exactly, and one stored as a number', () => {
    const big = telegramLinkEntity.fromDocument({ _id: new ObjectId(), userId: user, telegramUserId: Long.fromString('9007199254740993'), createdAt: at, updatedAt: at });
    expect(big.record.telegramUserId).toBe('9007199254740993');
    expect(big.record.linkedAt).toBe(at.getTime());
    expect(big.flags).toContainEqual(expect.objectContaining({ field: 'linkedAt', note: 'defaulted' }));
    const small = telegramSessionEntity.fromDocument({ _id: new ObjectId(), telegramUserId: 777000, sessionHash: 'a'.repeat(64), expiresAt: at, createdAt: at });
    expect(small.record.telegramUserId).toBe('777000');
    expect('userId' in small.record).toBe(false);
    expect(telegramSessionEntity.validate(small.record)).toEqual([]);
  });

  it('reads a passkey without transports as [] (flagged) and reports an out-of-range counter', () => {
    const r = passkeyEntity.fromDocument({ _id: new ObjectId(), userId: user, credentialId: 'Y3JlZC1h', publicKey: 'pQECAyYgASFYIA', signCount: -3, createdAt: at, updatedAt: at, lastUsedAt: null });
    expect(r.record.transports).toEqual([]);
    expect('lastUsedAt' in r.record).toBe(false);
    expect(r.flags).toContainEqual(expect.objectContaining({ field: 'transports', note: 'defaulted' }));
    expect(passkeyEntity.validate(r.record)).toEqual([expect.objectContaining({ field: 'signCount' })]);
  });

  it('refuses a raw refresh token and a successor without revocation', () => {
    const successor = new ObjectId();
    const r = refreshTokenEntity.fromDocument({ _id: new ObjectId(), userId: user, tokenHash: 'raw-token', expiresAt: at, replacedBy: successor.toHexString(), createdAt: at, updatedAt: at });
    expect(r.record.replacedBy).toBe(successor.toHexString());
    expect(refreshTokenEntity.validate(r.record).map((v) => v.field).sort()).toEqual(['revokedAt', 'tokenHash']);
  });
});
