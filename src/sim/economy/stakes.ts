// Validators' initial stakes: one amount for all (`stake`), or per validator
// from `stakes` (an explicit list, or a distribution drawn on each validator's
// own stream so adding validators never changes the others' stakes).
import type { RngStreams } from "../rng/index.js";
import type { EconomyConfig } from "./config.js";
import { valueSampler } from "./valueSampler.js";

export function validatorStakes(config: EconomyConfig["validators"], streams: RngStreams): Float64Array {
  const out = new Float64Array(config.count);
  const { stakes } = config;
  if (stakes === undefined) return out.fill(config.stake);
  if (stakes.explicit !== undefined) {
    if (stakes.explicit.length !== config.count) throw new RangeError(`validators.stakes.explicit has ${stakes.explicit.length} stakes for ${config.count} validators`);
    out.set(stakes.explicit);
    return out;
  }
  const draw = valueSampler(stakes);
  for (let v = 0; v < config.count; v++) out[v] = draw(streams.detached("validator.stake", v));
  return out;
}
