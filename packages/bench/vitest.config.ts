import { sessionsVitestConfig } from '../../vitest.shared.js';

export default sessionsVitestConfig();
