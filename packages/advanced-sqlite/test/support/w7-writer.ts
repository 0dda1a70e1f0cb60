// One W7 writer process: appends `turns` workload turns, tagged with its
// writer number, to one session of one database file.
import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';

const [path, sessionId, writer, turns] = process.argv.slice(2);
const session = new AdvancedSQLiteSession(sessionId!, { path: path! });
try {
  for (let i = 0; i < Number(turns); i++) {
    const tag = `w${writer}-${i}`;
    await session.addItems([
      { type: 'message', role: 'user', content: `user message ${tag} ` + 'x'.repeat(200) },
      { type: 'function_call', callId: `c-${tag}`, name: 'lookup', arguments: `{"q":"${tag}"}`, status: 'completed' },
      { type: 'function_call_result', callId: `c-${tag}`, name: 'lookup', status: 'completed', output: { type: 'text', text: `result ${tag}` } },
      { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `assistant reply ${tag} ` + 'y'.repeat(400) }] },
    ]);
  }
} finally {
  await session.close();
}
