import { tool } from '@openai/agents';
import { z } from 'zod';
import { toFahrenheit, weatherFor } from './weather-data.js';

export const WEATHER_TOOL_NAME = 'get_weather';

export const weatherParameters = z.object({
  city: z.string().min(1).describe('City name, for example "San Francisco"'),
  unit: z.enum(['celsius', 'fahrenheit']).describe('Temperature unit'),
});

/** The weather lookup the agent calls; its result is stored in the session as a function_call_result. */
export const weatherTool = tool({
  name: WEATHER_TOOL_NAME,
  description: 'Current weather for a city: condition, temperature, wind and humidity.',
  parameters: weatherParameters,
  execute: async ({ city, unit }) => {
    const report = weatherFor(city);
    const temperature = unit === 'fahrenheit' ? `${toFahrenheit(report.temperatureC)}°F` : `${report.temperatureC}°C`;
    return JSON.stringify({
      city: report.city,
      condition: report.condition,
      temperature,
      wind: `${report.windKph} km/h`,
      humidity: `${report.humidityPercent}%`,
    });
  },
});
