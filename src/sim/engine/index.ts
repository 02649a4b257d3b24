export { Engine, HandlerError } from "./engine.js";
export type { EngineConstraints, EventHandler, RunOptions, RunOutcome } from "./engine.js";
export { EventQueue, MAX_PRIORITY } from "./eventQueue.js";
