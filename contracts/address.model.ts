/** Reference model of the address contract. */
import { NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import { validateAddressPatch, validateNewAddress, type Address, type AddressRepository } from './address.ts';
import type { User } from './user.ts';

/** Model of {@link AddressRepository}. */
export function addressModel({ clock, state }: ModelContext): AddressRepository {
  const addresses = state.table<Address>('address');
  const users = state.table<User>('user');
  const ofUser = (userId: string) => [...addresses.values()].filter((a) => a.userId === userId).sort((a, b) => a.createdAt - b.createdAt);
  const demote = (userId: string, now: number) => {
    for (const a of ofUser(userId)) if (a.isPrimary) Object.assign(a, { isPrimary: false, updatedAt: now });
  };
  return {
    async create(input) {
      const v = validateNewAddress(input);
      if (!users.has(v.userId)) throw new NotFoundError('user', v.userId);
      const now = clock.now();
      const primary = v.isPrimary || !ofUser(v.userId).some((a) => a.isPrimary);
      if (primary) demote(v.userId, now);
      const { id, ...rest } = v;
      const a: Address = { id: id ?? state.nextId(), ...rest, isPrimary: primary, createdAt: now, updatedAt: now };
      addresses.set(a.id, a);
      return structuredClone(a);
    },
    async get(id) {
      const a = addresses.get(id);
      return a ? structuredClone(a) : null;
    },
    async listByUser(userId) {
      return ofUser(userId).map((a) => structuredClone(a));
    },
    async update(id, patch) {
      const p = validateAddressPatch(patch);
      const a = addresses.get(id);
      if (!a) throw new NotFoundError('address', id);
      for (const [k, v] of Object.entries(p)) {
        if (v === null) delete (a as unknown as Record<string, unknown>)[k];
        else (a as unknown as Record<string, unknown>)[k] = v;
      }
      a.updatedAt = clock.now();
      return structuredClone(a);
    },
    async setPrimary(id) {
      const a = addresses.get(id);
      if (!a) throw new NotFoundError('address', id);
      if (!a.isPrimary) {
        const now = clock.now();
        demote(a.userId, now);
        Object.assign(a, { isPrimary: true, updatedAt: now });
      }
      return structuredClone(a);
    },
    async delete(id) {
      const a = addresses.get(id);
      if (!a) throw new NotFoundError('address', id);
      addresses.delete(id);
      const [oldest] = ofUser(a.userId);
      if (a.isPrimary && oldest) Object.assign(oldest, { isPrimary: true, updatedAt: clock.now() });
    },
  };
}
