export { checkEncryption, requireKeyring, Keyring, type EncryptionKey, type EncryptionOptions } from './keyring.js';
export {
  newDataKey,
  wrapDataKey,
  unwrapDataKey,
  rewrapDataKey,
  missingKey,
  type SessionKeyTable,
  type StoredSessionKey,
} from './data-key.js';
export { isEncryptedText, encryptText, decryptText } from './envelope.js';
export { RowCipher, SessionEncryption, rowCipherFor } from './session-cipher.js';
export { parseKeyFile, type KeyFile } from './key-file.js';
export {
  rekeyStore,
  encryptStore,
  type SessionKeyRow,
  type EncryptionStatus,
  type MaintenanceProgress,
  type MaintenanceOptions,
  type RekeyResult,
  type EncryptResult,
  type KeyRotationTable,
  type ClearRowTable,
} from './maintenance.js';
export { archiveReader, archiveWriter, openArchivedRows, openListedMetadata } from './archive-keys.js';
