import { describe, expect, it } from 'vitest';
import {
  calloutPropsSchema,
  checkProps,
  figurePropsSchema,
  keyTermsPropsSchema,
  tabPropsSchema,
} from '../../../../../site/components/mdx/props.ts';

describe('MDX component props', () => {
  it('defaults a callout to a note', () => {
    expect(checkProps('Callout', calloutPropsSchema, {})).toEqual({ kind: 'note' });
  });

  it.each([
    ['Callout', calloutPropsSchema, { kind: 'tip' }, 'kind: kind must be "note", "warning" or "mistake"'],
    ['Callout', calloutPropsSchema, { kind: 'note', titel: 'x' }, 'unknown field "titel"'],
    ['Tab', tabPropsSchema, {}, 'label: this field is required'],
    ['Figure', figurePropsSchema, { caption: '' }, 'caption:'],
    ['KeyTerms', keyTermsPropsSchema, { terms: [{ term: 'x' }] }, 'terms[0].definition'],
  ] as const)('<%s> rejects %j', (component, schema, props, message) => {
    expect(() => checkProps(component, schema, props)).toThrow(message);
    expect(() => checkProps(component, schema, props)).toThrow(`<${component}> has invalid props`);
  });
});
