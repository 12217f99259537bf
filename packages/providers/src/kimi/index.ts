export {
  createKimi,
  kimi,
  type KimiModelId,
  type KimiProvider,
  type KimiProviderSettings,
} from './kimi-provider.js';
