// The entity kinds, declared once: what each kind is called (entities.csv,
// stream names), its scenario block and Economy field, its behaviour labels,
// the ledger accounts each member holds, whether trust policies rate it and
// whether adaptation may switch its members' behaviour. Kind index = position.
import { AGENT_BEHAVIORS, MODEL_BEHAVIORS, P, PROVIDER_BEHAVIORS, VALIDATOR_BEHAVIORS } from "./behaviors.js";

export interface EntityKindSpec {
  readonly name: string;
  /** The scenario block and the Economy field holding the population. */
  readonly population: "providers" | "models" | "agents" | "validators";
  /** Ground-truth behaviour labels; a label's index is what the population stores. Index 0 is honest. */
  readonly behaviors: readonly string[];
  /** Ledger account prefixes opened per member (`${prefix}:${i}`), in opening order. */
  readonly accounts: readonly string[];
  /** Position in the trust figures (AUC, detection), which list agents, models, validators; absent: not rated. */
  readonly trustOrder?: number;
  /** Behaviours adaptation may switch members to or from; absent: the kind does not adapt. */
  readonly adoptable?: (behavior: number) => boolean;
}

export const ENTITY_KINDS = [
  // Sybil clusters cannot be imitated: an identity structure is not a strategy one member can copy.
  // A provider's data-stake account holds the stakes of its contributions still locked (datanets.staking).
  { name: "provider", population: "providers", behaviors: PROVIDER_BEHAVIORS, accounts: ["provider", "data-stake"], adoptable: (b: number) => b !== P.sybil },
  { name: "model", population: "models", behaviors: MODEL_BEHAVIORS, accounts: ["model", "model-escrow"], trustOrder: 1 },
  { name: "agent", population: "agents", behaviors: AGENT_BEHAVIORS, accounts: ["agent"], trustOrder: 0, adoptable: () => true },
  { name: "validator", population: "validators", behaviors: VALIDATOR_BEHAVIORS, accounts: ["validator", "stake"], trustOrder: 2 },
] as const satisfies readonly EntityKindSpec[];

export type EntityKindName = (typeof ENTITY_KINDS)[number]["name"];

/** Kinds as trust policies and outputs number them: the index in ENTITY_KINDS. */
export const Kind = { provider: 0, model: 1, agent: 2, validator: 3 } as const satisfies { [K in EntityKindName]: number };
export const KIND_NAMES = ENTITY_KINDS.map((k) => k.name) as readonly EntityKindName[];

/** Kinds trust policies rate, in the trust figures' order, with their kind index. */
export const RATED_KINDS: readonly { index: number; spec: EntityKindSpec }[] = ENTITY_KINDS.map((spec, index) => ({ index, spec: spec as EntityKindSpec }))
  .filter((k) => k.spec.trustOrder !== undefined)
  .sort((a, b) => a.spec.trustOrder! - b.spec.trustOrder!);

/** Kinds whose members may switch behaviour, in kind order. */
export const ADAPTIVE_KINDS: readonly EntityKindSpec[] = (ENTITY_KINDS as readonly EntityKindSpec[]).filter((k) => k.adoptable !== undefined);
