// Every case of the validation pack, in the order docs/validation.md lists them.
// Add a case by writing scripts/validation/<name>.ts exporting a ValidationCase
// and listing it here.
import type { ValidationCase } from "./types.js";
import { uncoordinatedDuplication } from "./duplicationBaseline.js";
import { modelQueue } from "./modelQueue.js";
import { yumaSubjectivity } from "./yumaSubjectivity.js";
import { gossipResidue } from "./gossipResidue.js";
import { claimBoardLatency } from "./claimBoardLatency.js";
import { betaSteadyState, betaUnfairRaters } from "./beta.js";
import { replicationRobustBreakEven, shapleyCloneGain } from "./attributionClones.js";
import { eigentrustThreats } from "./eigentrustThreats.js";

export const VALIDATION_CASES: readonly ValidationCase[] = [
  uncoordinatedDuplication,
  claimBoardLatency,
  gossipResidue,
  betaSteadyState,
  betaUnfairRaters,
  eigentrustThreats,
  shapleyCloneGain,
  replicationRobustBreakEven,
  modelQueue,
  yumaSubjectivity,
];
