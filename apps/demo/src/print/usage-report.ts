import type { BranchingSession } from '../stores/capabilities.js';
import { line } from './output.js';

/** Usage and cost of the current branch, per turn, then the whole session. */
export async function printUsageReport(session: BranchingSession, _modelName: string): Promise<void> {
  line(JSON.stringify(await session.getSessionUsage()));
}
