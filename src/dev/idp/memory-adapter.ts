// Storage for the development IdP: a Map per model, entries dropped when they expire.
// JWT access tokens are not stored at all; what lands here is replay detection of client
// assertions (each `jti` once). Written out because oidc-provider's built-in memory adapter
// announces itself on every start, noise that `npm run token` must not print.
import type { Adapter, UnknownObject } from 'oidc-provider';

interface Entry {
  payload: UnknownObject;
  expiresAt?: number;
}

/** One adapter class per provider, so that IdPs in one process (tests) share nothing. */
export function createMemoryAdapter(): new (name: string) => Adapter {
  const stores = new Map<string, Map<string, Entry>>();

  return class MemoryAdapter implements Adapter {
    private readonly store: Map<string, Entry>;

    constructor(name: string) {
      let store = stores.get(name);
      if (!store) {
        store = new Map();
        stores.set(name, store);
      }
      this.store = store;
    }

    async upsert(id: string, payload: UnknownObject, expiresIn?: number): Promise<void> {
      this.store.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
    }

    async find(id: string): Promise<UnknownObject | undefined> {
      const entry = this.store.get(id);
      if (!entry) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
        this.store.delete(id);
        return undefined;
      }
      return entry.payload;
    }

    async findByUserCode(userCode: string): Promise<UnknownObject | undefined> {
      return this.findBy('userCode', userCode);
    }

    async findByUid(uid: string): Promise<UnknownObject | undefined> {
      return this.findBy('uid', uid);
    }

    async consume(id: string): Promise<void> {
      const entry = this.store.get(id);
      if (entry) entry.payload = { ...entry.payload, consumed: Math.floor(Date.now() / 1000) };
    }

    async destroy(id: string): Promise<void> {
      this.store.delete(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [id, entry] of this.store) if (entry.payload.grantId === grantId) this.store.delete(id);
    }

    private async findBy(field: string, value: string): Promise<UnknownObject | undefined> {
      for (const [id, entry] of this.store) if (entry.payload[field] === value) return this.find(id);
      return undefined;
    }
  };
}
