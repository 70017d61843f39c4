// Plans are compiled once per (document, operation, the shape of the variables
// that change positions or cost) and kept; the decisions below the root are
// kept with each plan per rights key, and the executed documents per root
// decision. What changes at run time — root decisions, Edu-V activations and
// processing agreements, object rules per person — is never taken from here.
// Bounded, least recently used first out.
import type { Executable } from './executable-document.ts';
import type { FieldDecision } from './decisions.ts';
import type { FieldPlan, OperationPlan } from './plan.ts';

export interface RightsEntry {
  below: Promise<Map<FieldPlan, FieldDecision>>;
  executables: Map<string, Executable>;
}

export interface CachedPlan {
  plan: OperationPlan;
  rights: Map<string, RightsEntry>;
}

export interface PlanCacheStats {
  hits: number;
  misses: number;
  size: number;
}

const MAX_RIGHTS_PER_PLAN = 64;
const MAX_EXECUTABLES_PER_RIGHTS = 16;

function touch<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}

export class PlanCache {
  private readonly plans = new Map<string, CachedPlan>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxPlans = 1000) {}

  plan(key: string, compile: () => OperationPlan): CachedPlan {
    const known = this.plans.get(key);
    if (known) {
      this.hits++;
      touch(this.plans, key, known, this.maxPlans);
      return known;
    }
    this.misses++;
    const cached: CachedPlan = { plan: compile(), rights: new Map() };
    touch(this.plans, key, cached, this.maxPlans);
    return cached;
  }

  static rights(cached: CachedPlan, rightsKey: string, decide: () => Promise<Map<FieldPlan, FieldDecision>>): RightsEntry {
    let entry = cached.rights.get(rightsKey);
    if (!entry) {
      entry = { below: decide(), executables: new Map() };
      // A failed evaluation is not kept: the next request decides again.
      entry.below.catch(() => cached.rights.delete(rightsKey));
    }
    touch(cached.rights, rightsKey, entry, MAX_RIGHTS_PER_PLAN);
    return entry;
  }

  static executable(entry: RightsEntry, key: string, build: () => Executable): Executable {
    let executable = entry.executables.get(key);
    if (!executable) executable = build();
    touch(entry.executables, key, executable, MAX_EXECUTABLES_PER_RIGHTS);
    return executable;
  }

  stats(): PlanCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.plans.size };
  }
}
