export { Knowledge } from "./knowledge.js";
export { ACCEPTED, REJECTED_EXACT, REJECTED_OVERLAP, ContributionStore, type ContributionStatus } from "./contributions.js";
export { Datanets, type DedupConstraints, type DedupMode } from "./datanets.js";
export { copyDataset, lowValueDataset, nicheDataset, spamDataset, splitDataset } from "./generators.js";
