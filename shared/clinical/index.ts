/**
 * The pure clinical calculations, one implementation for the services, the UI and independent checks.
 * No I/O: every function takes plain data (and, where rules apply, a versioned rule set) and returns
 * plain data that says how it was computed.
 */
export * from './errors';
export * from './calendar';
export * from './wall-clock';
export * from './medicines/index';
export * from './interventions/index';
export * from './rehab/index';
export * from './mdt/index';
