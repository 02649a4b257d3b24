export { Apportioner, apportion } from "./apportion.js";
export { EMISSIONS, InsufficientFundsError, Ledger, OUTSIDE, SLASHED, TREASURY, VALIDATOR_POOL } from "./ledger.js";
