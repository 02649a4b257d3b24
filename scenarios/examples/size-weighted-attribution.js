// An example attribution plugin (plain JavaScript, no build step, no imports).
// A scenario uses it with
//   policies:
//     attribution: { use: ./size-weighted-attribution.js, params: { exponent: 1 } }
// (the path is relative to the scenario file).
//
// The world calls credit(game, out) once per model version, at retrain, and pays
// the version's accrued data fees in proportion to the credits (exact integer
// apportionment). Credits must be finite and >= 0.
export default {
  family: "attribution",
  description: "Credit each training contribution by (number of units x quality) ^ exponent.",
  // Every param with its default; any other key in the scenario is an error.
  defaults: { exponent: 1 },
  create(params, ctx) {
    const exponent = Number(params.exponent);
    if (!(exponent >= 0)) throw new Error(`exponent must be a number >= 0, got ${params.exponent}`);
    void ctx; // ctx.stream(name) gives a seeded random stream if a policy needs one
    return {
      credit(game, out) {
        for (let i = 0; i < game.players; i++) {
          const units = game.unitsEnd(i) - game.unitsStart(i);
          out[i] = Math.pow(units * game.quality(i), exponent);
        }
      },
    };
  },
};
