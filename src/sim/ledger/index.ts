export { Apportioner, apportion } from "./apportion.js";
export { InsufficientFundsError, Ledger, OUTSIDE, TREASURY } from "./ledger.js";
