import { ConfigReader } from '@backstage/config';
import { CurrencyConverter, readCurrencyConfig } from './currency';

const read = (cost: object) => readCurrencyConfig(new ConfigReader(cost));

describe('readCurrencyConfig', () => {
  it('defaults to USD without rates', () => {
    const config = readCurrencyConfig(undefined);
    expect(config.reporting).toBe('USD');
    expect([...config.rates]).toEqual([['USD', 1]]);
    expect(config.warnings).toEqual([]);
  });

  it('reads the reporting currency and rates, normalising codes', () => {
    const config = read({
      currency: { reporting: 'eur', rates: { usd: 0.92, GBP: '1.17' } },
    });
    expect(config.reporting).toBe('EUR');
    expect(Object.fromEntries(config.rates)).toEqual({
      USD: 0.92,
      GBP: 1.17,
      EUR: 1,
    });
  });

  it('keeps cost.defaultCurrency as a deprecated alias', () => {
    const config = read({ defaultCurrency: 'chf' });
    expect(config.reporting).toBe('CHF');
    expect(config.warnings).toEqual([
      'cost.defaultCurrency is deprecated; rename it to cost.currency.reporting',
    ]);
    expect(
      read({ defaultCurrency: 'USD', currency: { reporting: 'USD' } })
        .reporting,
    ).toBe('USD');
  });

  it.each([
    [
      { currency: { reporting: 'dollars' } },
      'Invalid cost.currency.reporting: "dollars" is not a three-letter ISO 4217 currency code. Use a code such as USD or EUR',
    ],
    [
      { defaultCurrency: 'EUR', currency: { reporting: 'USD' } },
      'Invalid cost.defaultCurrency: it is EUR but cost.currency.reporting is USD. Remove the deprecated cost.defaultCurrency and keep cost.currency.reporting',
    ],
    [
      { currency: { rates: { EUR: 0 } } },
      'Invalid cost.currency.rates.EUR: 0 is not a positive number. Give the value of 1 EUR in USD, e.g. EUR: 1.08',
    ],
    [
      { currency: { rates: { EUR: 'one' } } },
      'Invalid cost.currency.rates.EUR: "one" is not a positive number',
    ],
    [
      { currency: { rates: { EUR: -1.08 } } },
      'Invalid cost.currency.rates.EUR: -1.08 is not a positive number',
    ],
    [
      { currency: { rates: { euro: 1.08 } } },
      'Invalid cost.currency.rates.euro: "euro" is not a three-letter ISO 4217 currency code',
    ],
    [
      { currency: { rates: { EUR: 1.08, eur: 1.1 } } },
      'Invalid cost.currency.rates.eur: EUR is given more than once',
    ],
    [
      { currency: { rates: { USD: 1.1 } } },
      'Invalid cost.currency.rates.USD: USD is the reporting currency, its rate can only be 1. Remove cost.currency.rates.USD',
    ],
    [
      { currency: { rates: ['EUR'] } },
      'Invalid cost.currency.rates: it must be a map from currency code to rate',
    ],
  ])('rejects %j', (cost, message) => {
    expect(() => read(cost)).toThrow(message);
  });
});

describe('CurrencyConverter', () => {
  const converter = new CurrencyConverter({
    reporting: 'USD',
    rates: new Map([
      ['USD', 1],
      ['EUR', 1.08],
      ['GBP', 1.25],
    ]),
  });

  it('converts through the reporting currency', () => {
    expect(converter.convert(100, 'EUR', 'USD')).toBeCloseTo(108);
    expect(converter.convert(108, 'USD', 'EUR')).toBeCloseTo(100);
    expect(converter.convert(100, 'GBP', 'EUR')).toBeCloseTo(115.7407, 4);
    expect(converter.convert(5, 'JPY', 'JPY')).toBe(5);
    expect(converter.convert(100, 'JPY', 'USD')).toBeUndefined();
    expect(converter.convert(100, 'USD', 'JPY')).toBeUndefined();
  });

  it('names the missing rate and the key that fixes it', () => {
    expect(converter.missingRate('EUR', 'USD')).toBeUndefined();
    expect(converter.missingRate('JPY', 'USD')).toBe(
      'No rate for JPY: add cost.currency.rates.JPY (the value of 1 JPY in USD)',
    );
    expect(converter.missingRate('EUR', 'JPY')).toMatch(/^No rate for JPY/);
  });

  it('converts every rated currency by default, one native currency on request', () => {
    expect(converter.view()).toEqual({
      currency: 'USD',
      factors: { USD: 1, EUR: 1.08, GBP: 1.25 },
      converted: true,
    });
    expect(converter.view('EUR')).toEqual({
      currency: 'EUR',
      factors: { EUR: 1 },
      converted: false,
    });
  });
});
