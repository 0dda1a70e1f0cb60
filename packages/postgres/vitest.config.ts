import { sessionsVitestConfig } from '../../vitest.shared.js';

// Files run one after another: the restart case takes the whole server down for a moment.
export default sessionsVitestConfig({ fileParallelism: false });
