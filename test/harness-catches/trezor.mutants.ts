/** Seeded faults of the Trezor domain (see trezor.test.ts). */
import type { MongoContext } from '../../contracts/domain.ts';
import { NotFoundError } from '../../contracts/errors.ts';
import { addressFor, validateDeriveNext, type TrezorRepository } from '../../contracts/trezor.ts';
import { mapMongoError } from '../../repos/mongo/errors.ts';
import { mongoTrezorRepository, trezorAddressFromDoc, type TrezorAccountDoc, type TrezorAddressDoc } from '../../repos/mongo/trezor.ts';
import { newObjectId, toObjectId } from '../../repos/mongo/support.ts';

/**
 * Mongo accounts whose `deriveNext` reads `nextIndex` but never advances it: the next call
 * reuses the index (the unique index then refuses the second address).
 */
export function mongoDeriveNextReusesIndex(ctx: MongoContext): TrezorRepository {
  const repo = mongoTrezorRepository(ctx);
  const accounts = ctx.db.collection<TrezorAccountDoc>('trezorAccounts');
  const addresses = ctx.db.collection<TrezorAddressDoc>('trezorDerivedAddresses');
  return {
    ...repo,
    async deriveNext(input) {
      const v = validateDeriveNext(input);
      const _id = toObjectId(v.accountId);
      const a = _id && (await accounts.findOne({ _id }));
      if (!a) throw new NotFoundError('trezorAccount', v.accountId);
      const doc: TrezorAddressDoc = { _id: newObjectId(v.id), accountId: a._id, index: a.nextIndex, address: addressFor(a.xpub, a.nextIndex), createdAt: new Date(ctx.clock.now()) };
      await addresses.insertOne(doc).catch((e) => mapMongoError(e, 'trezor_derived_addresses.account_index'));
      return trezorAddressFromDoc(doc);
    },
  };
}
