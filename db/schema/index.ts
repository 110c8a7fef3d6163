export * from "./enums";
export * from "./users";
export * from "./departments";
export * from "./settings";
export * from "./audit";
export * from "./journeys";
export * from "./ownership";
export * from "./notifications";
