import { groupTurns, isToolItem, itemKind, itemText, opensUserTurn, toolName, turnNumbers } from '@sessions/core';
import { describe, expect, it } from 'vitest';

const user = (content: unknown) => ({ role: 'user', content });
const assistant = (text: string) => ({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] });
const call = { type: 'function_call', callId: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' };
const result = { type: 'function_call_result', callId: 'c1', name: 'get_weather', status: 'completed', output: { type: 'text', text: 'Sunny' } };

describe('turn model', () => {
  it('classifies items by role for messages and by type otherwise', () => {
    expect(itemKind(user('hi'))).toBe('user');
    expect(itemKind({ type: 'message', role: 'user', content: 'hi' })).toBe('user');
    expect(itemKind(assistant('a'))).toBe('assistant');
    expect(itemKind({ role: 'system', content: 's' })).toBe('system');
    expect(itemKind({ role: 'developer', content: 's' })).toBe('system');
    expect(itemKind(call)).toBe('function_call');
    expect(itemKind(result)).toBe('function_call_result');
    expect(itemKind({ type: 'function_call_output', call_id: 'x', output: 'y' })).toBe('function_call_result');
    expect(itemKind({ type: 'reasoning', content: [] })).toBe('reasoning');
    expect(itemKind({ type: 'hosted_tool_call', name: 'web_search' })).toBe('hosted_tool_call');
    expect(itemKind({ type: 'computer_call', action: {} })).toBe('computer_call');
    expect(itemKind({ type: 'something_new' })).toBe('other');
    expect(itemKind(null)).toBe('other');
  });

  it('only user messages open a turn', () => {
    expect(opensUserTurn(user('hi'))).toBe(true);
    expect(opensUserTurn(assistant('x'))).toBe(false);
    expect(opensUserTurn(result)).toBe(false);
  });

  it('names the tool of tool items only', () => {
    expect(toolName(call)).toBe('get_weather');
    expect(toolName(result)).toBe('get_weather');
    expect(toolName({ type: 'computer_call', action: {} })).toBe('computer');
    expect(toolName({ type: 'shell_call', action: {} })).toBe('shell');
    expect(toolName(user('hi'))).toBeUndefined();
    expect(isToolItem(call)).toBe(true);
    expect(isToolItem(assistant('x'))).toBe(false);
  });

  it('reads the text a person sees, not the JSON', () => {
    expect(itemText(user('Wie ist das Wetter in München?'))).toBe('Wie ist das Wetter in München?');
    expect(itemText(user([{ type: 'input_text', text: 'part one' }, { type: 'input_image', image: 'x' }, { type: 'input_text', text: 'two' }]))).toBe('part one\ntwo');
    expect(itemText(assistant('Sunny'))).toBe('Sunny');
    expect(itemText(call)).toBe('{"city":"Paris"}');
    expect(itemText(result)).toBe('Sunny');
    expect(itemText({ type: 'function_call_result', output: 'plain' })).toBe('plain');
  });

  it('numbers turns from 1, with items before the first user message in turn 0', () => {
    const items = [{ role: 'system', content: 's' }, user('q1'), assistant('a1'), call, result, user('q2'), assistant('a2')];
    expect(turnNumbers(items)).toEqual([0, 1, 1, 1, 1, 2, 2]);
    expect(groupTurns(items).map((t) => [t.turn, t.items.length])).toEqual([
      [0, 1],
      [1, 4],
      [2, 2],
    ]);
    expect(turnNumbers([assistant('continuing'), user('q')], 4)).toEqual([4, 5]);
  });
});
