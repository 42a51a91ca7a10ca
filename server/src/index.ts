export { buildApp, type BuildAppOptions } from './app';
export { loadConfig, ConfigError, type AppConfig, type TrackingConfig } from './config';
export { openDatabase, MIGRATIONS_FOLDER, type DatabaseHandle } from './db/connect';
