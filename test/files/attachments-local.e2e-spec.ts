import { attachmentSuite } from './attachment-suite';

// The default store: the local disk under DATA_DIR/files.
attachmentSuite('the local disk', async () => ({ env: {}, stop: async () => undefined }));
