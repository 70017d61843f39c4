// The response phases run one after another, and nothing a wrapped plugin
// returns from a start hook is lost.
import { describe, expect, it } from 'vitest';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext, GraphQLRequestListener } from '@apollo/server';
import { inOrder } from '../src/pipeline/in-order.ts';

const rc = {} as GraphQLRequestContext<BaseContext>;
type Listener = GraphQLRequestListener<BaseContext>;

describe('inOrder', () => {
  it('awaits each plugin hook in order, even when an earlier one is slow', async () => {
    const log: string[] = [];
    const slow: ApolloServerPlugin = { async requestDidStart() { return { async willSendResponse() { await new Promise((r) => setTimeout(r, 20)); log.push('authorise'); } }; } };
    const fast: ApolloServerPlugin = { async requestDidStart() { return { async willSendResponse() { log.push('protocol'); } }; } };
    const listener = (await inOrder(slow, fast).requestDidStart!(rc)) as Listener;
    await listener.willSendResponse!(rc as never);
    expect(log).toEqual(['authorise', 'protocol']);
  });

  it('keeps the first response of responseForOperation and combines execution listeners', async () => {
    const ended: string[] = [];
    const a: ApolloServerPlugin = { async requestDidStart() { return { async responseForOperation() { return null; }, async executionDidStart() { return { async executionDidEnd() { ended.push('a'); } }; } }; } };
    const b: ApolloServerPlugin = { async requestDidStart() { return { async responseForOperation() { return { http: { headers: new Map() }, body: { kind: 'single', singleResult: { data: { b: true } } } } as never; }, async executionDidStart() { return { async executionDidEnd() { ended.push('b'); } }; } }; } };
    const listener = (await inOrder(a, b).requestDidStart!(rc)) as Listener;
    expect(await listener.responseForOperation!(rc as never)).toMatchObject({ body: { singleResult: { data: { b: true } } } });
    const execution = await listener.executionDidStart!(rc as never);
    await execution!.executionDidEnd!();
    expect(ended).toEqual(['a', 'b']);
  });
});
