export { idealModel, type IdealState } from "./ideal.js";
export { storeModel, type StoreOptions } from "./store.js";
export { modelFactory, MODEL_NAMES, DEFAULT_FORMAT, defaultFormat, type ModelName, type ModelRequest } from "./registry.js";
export * from "./recurrentIndex.js";
