// What every built-in attribution policy provides: raw values of any game it
// applies to (for `coordsim attribute` and tests) and, from them, the world's
// non-negative credits.
import type { AttributionAxiom, AttributionGame, AttributionPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { CoverageGame } from "./coverage.js";
import { AttributionInputError, type Game } from "./game.js";
import { fromAttributionGame } from "./worldGame.js";

/** An attribution policy that also values standalone games. */
export interface AttributionRule extends AttributionPolicy {
  /**
   * The rule's raw value per player, in player order: not clipped, not
   * normalised (e.g. Shapley values sum to v(N); raw Banzhaf values need not;
   * leave-one-out may be negative on non-monotone games). NaN where undefined.
   */
  values(game: Game): Float64Array;
}

export type AttributionRuleDefinition<P> = PolicyDefinition<AttributionRule, P>;

/** The game as a coverage game, or an error naming the policy that needs one. */
export function requireCoverage(game: Game, policy: string): CoverageGame {
  if (game instanceof CoverageGame) return game;
  throw new AttributionInputError(
    `attribution policy ${policy} needs a coverage game (players covering weighted units, e.g. definition.type "coverage"), got a game given only by its characteristic function`,
  );
}

/** Clip raw values into credits: negative and undefined (NaN) values become 0. */
export function clipCredits(values: Float64Array, out: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v > 0 && v < Infinity ? v : 0;
  }
}

/** A rule whose world credits are its values on the version's coverage game, clipped at 0. */
export function ruleFromValues(values: (game: Game) => Float64Array, axioms?: readonly AttributionAxiom[]): AttributionRule {
  return {
    values,
    ...(axioms !== undefined ? { axioms } : {}),
    credit(game: AttributionGame, out: Float64Array) {
      clipCredits(values(fromAttributionGame(game)), out);
    },
  };
}
