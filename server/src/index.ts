export { buildApp, type BuildAppOptions } from './app';
export { loadConfig, ConfigError, type AppConfig, type TrackingConfig, type WebhookConfig } from './config';
export { openDatabase, MIGRATIONS_FOLDER, type DatabaseHandle } from './db/connect';
export { signWebhook, verifyWebhookSignature, SIGNATURE_HEADER, DEFAULT_SIGNATURE_TOLERANCE_S, type VerifyOptions } from './webhooks/signature';
export { retryDelayMs, WEBHOOK_USER_AGENT } from './webhooks/worker';
