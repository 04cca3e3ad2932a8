// The two nodes of the exchange: each country runs one.
export type Country = 'US' | 'CA';
export const COUNTRIES: readonly Country[] = ['US', 'CA'];

export function partnerOf(country: Country): Country {
  return country === 'US' ? 'CA' : 'US';
}
