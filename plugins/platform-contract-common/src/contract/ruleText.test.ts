import { fillRuleText } from './ruleText';

describe('fillRuleText', () => {
  const link =
    '[Upgrade](/create/templates/default/golden-path-upgrade?formData=%7B%22entity%22%3A%22{{ entityRef }}%22%7D) {{entityRef}}';

  it("puts the entity's ref wherever the text names it", () => {
    expect(fillRuleText(link, { entityRef: 'component:default/svc' })).toBe(
      '[Upgrade](/create/templates/default/golden-path-upgrade?formData=%7B%22entity%22%3A%22component:default/svc%22%7D) component:default/svc',
    );
  });

  it('leaves it empty without an entity, and other text alone', () => {
    expect(fillRuleText(link, {})).toBe(
      '[Upgrade](/create/templates/default/golden-path-upgrade?formData=%7B%22entity%22%3A%22%22%7D) ',
    );
    expect(fillRuleText('Set `{{ owner }}`.', { entityRef: 'x' })).toBe(
      'Set `{{ owner }}`.',
    );
  });
});
