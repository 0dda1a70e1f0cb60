/** Deterministic weather, so the offline demo prints the same thing on every run. */
export interface WeatherReport {
  city: string;
  /** A noun phrase: "fog", "light rain", ... */
  condition: string;
  temperatureC: number;
  windKph: number;
  humidityPercent: number;
}

const KNOWN: Record<string, Omit<WeatherReport, 'city'>> = {
  'san francisco': { condition: 'fog', temperatureC: 16, windKph: 24, humidityPercent: 82 },
  paris: { condition: 'sunshine', temperatureC: 21, windKph: 9, humidityPercent: 48 },
  london: { condition: 'light rain', temperatureC: 13, windKph: 19, humidityPercent: 88 },
  'new york': { condition: 'scattered clouds', temperatureC: 18, windKph: 14, humidityPercent: 60 },
  tokyo: { condition: 'humid, overcast skies', temperatureC: 26, windKph: 11, humidityPercent: 78 },
  sydney: { condition: 'clear skies', temperatureC: 23, windKph: 17, humidityPercent: 55 },
  berlin: { condition: 'low clouds', temperatureC: 15, windKph: 16, humidityPercent: 70 },
};

const CONDITIONS = ['sunshine', 'low clouds', 'light rain', 'strong gusts', 'clear skies', 'overcast skies'];

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

/** The report for a city: fixed for well-known cities, derived from the name otherwise. */
export function weatherFor(city: string): WeatherReport {
  const name = city.trim();
  const known = KNOWN[name.toLowerCase()];
  if (known) return { city: name, ...known };
  const h = hash(name.toLowerCase());
  return {
    city: name,
    condition: CONDITIONS[h % CONDITIONS.length]!,
    temperatureC: 5 + (h % 25),
    windKph: 5 + ((h >>> 5) % 30),
    humidityPercent: 35 + ((h >>> 10) % 55),
  };
}

export function toFahrenheit(celsius: number): number {
  return Math.round((celsius * 9) / 5 + 32);
}
