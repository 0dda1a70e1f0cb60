/** The little the offline model knows about places, so it can answer follow-ups like "What state is it in?". */
export interface Place {
  city: string;
  region: string;
  country: string;
}

export const PLACES: Place[] = [
  { city: 'San Francisco', region: 'California', country: 'the United States' },
  { city: 'New York', region: 'New York State', country: 'the United States' },
  { city: 'Paris', region: 'Île-de-France', country: 'France' },
  { city: 'London', region: 'England', country: 'the United Kingdom' },
  { city: 'Tokyo', region: 'the Kantō region', country: 'Japan' },
  { city: 'Sydney', region: 'New South Wales', country: 'Australia' },
  { city: 'Berlin', region: 'the state of Berlin', country: 'Germany' },
];

/** Landmarks that stand for a city when someone says "it" or "there". */
export const LANDMARKS: { pattern: RegExp; name: string; city: string }[] = [
  { pattern: /golden gate/i, name: 'the Golden Gate Bridge', city: 'San Francisco' },
  { pattern: /eiffel tower/i, name: 'the Eiffel Tower', city: 'Paris' },
  { pattern: /big ben/i, name: 'Big Ben', city: 'London' },
  { pattern: /statue of liberty/i, name: 'the Statue of Liberty', city: 'New York' },
];

export const GOLDEN_GATE_FACTS = {
  length: 'The Golden Gate Bridge is about 2.7 km (1.7 miles) long, and its main span is 1,280 m (4,200 ft).',
  opened: 'The Golden Gate Bridge opened to traffic in May 1937, after about four years of construction.',
  height: 'Its towers rise 227 m (746 ft) above the water.',
  colour: 'It is painted "International Orange", chosen to stand out in the fog.',
  county: 'Its south end is in the City and County of San Francisco and its north end in Marin County.',
};

function placeNamed(name: string): Place | undefined {
  return PLACES.find((p) => p.city.toLowerCase() === name.toLowerCase());
}

/** The city a text names, directly or through a landmark; the one named last wins. */
export function cityIn(text: string): string | undefined {
  let best: { at: number; city: string } | undefined;
  const consider = (at: number, city: string) => {
    if (at >= 0 && (!best || at >= best.at)) best = { at, city };
  };
  const lower = text.toLowerCase();
  for (const place of PLACES) consider(lower.lastIndexOf(place.city.toLowerCase()), place.city);
  for (const landmark of LANDMARKS) {
    const match = [...text.matchAll(new RegExp(landmark.pattern.source, 'gi'))].at(-1);
    if (match?.index !== undefined) consider(match.index, landmark.city);
  }
  return best?.city;
}

/** A city named after "in"/"for"/"at" with capital letters, for places the model has no facts about. */
export function namedCity(text: string): string | undefined {
  const match = /\b(?:in|for|at)\s+((?:[A-Z][\p{L}'-]+)(?:\s+[A-Z][\p{L}'-]+)*)/u.exec(text);
  return match?.[1];
}

export function placeOf(city: string): Place | undefined {
  return placeNamed(city);
}

/** The most recent city the conversation talked about, newest text first. */
export function latestCity(texts: readonly string[]): string | undefined {
  for (let i = texts.length - 1; i >= 0; i--) {
    const city = cityIn(texts[i]!);
    if (city) return city;
  }
  return undefined;
}

export function mentionsGoldenGate(texts: readonly string[]): boolean {
  return texts.some((t) => /golden gate/i.test(t));
}
