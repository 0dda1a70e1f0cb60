import { WEATHER_TOOL_NAME } from '../tools/weather-tool.js';
import type { ConversationView } from './conversation-view.js';
import { GOLDEN_GATE_FACTS, cityIn, latestCity, mentionsGoldenGate, namedCity, placeOf } from './knowledge.js';

/** What the offline model does next: say something, or call the weather tool. */
export type Reply =
  | { type: 'say'; text: string }
  | { type: 'call'; tool: typeof WEATHER_TOOL_NAME; args: { city: string; unit: 'celsius' | 'fahrenheit' } };

const say = (text: string): Reply => ({ type: 'say', text });

const WEATHER = /\b(weather|temperature|forecast|rain(ing|y)?|umbrella|jacket|coat|cold|warm|hot|sunny|fog(gy)?|wind(y)?)\b/i;

interface WeatherResult {
  city?: string;
  condition?: string;
  temperature?: string;
  wind?: string;
  humidity?: string;
}

function normalise(question: string): string {
  return question.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The sentence after a weather lookup, built from the tool's result as stored in the session. */
function weatherSentence(question: string, output: string): string {
  let report: WeatherResult;
  try {
    report = JSON.parse(output) as WeatherResult;
  } catch {
    return `The weather service answered: ${output}`;
  }
  const { city = 'there', condition = 'unknown weather', temperature = '?', wind = '?', humidity = '?' } = report;
  let text = `In ${city} it's ${temperature} right now with ${condition}; wind ${wind}, humidity ${humidity}.`;
  const celsius = Number.parseInt(temperature, 10);
  const cold = temperature.endsWith('°F') ? celsius < 64 : celsius < 18;
  if (/jacket|coat|cold/i.test(question)) text += cold ? ' Yes, bring a jacket.' : ' A jacket is not needed.';
  if (/umbrella|rain/i.test(question)) text += /rain/i.test(condition) ? ' Take an umbrella.' : ' No rain, so no umbrella needed.';
  return text;
}

function weatherReply(view: ConversationView): Reply {
  const city = cityIn(view.question) ?? namedCity(view.question) ?? latestCity(view.history);
  if (!city) return say('Which city should I look up the weather for?');
  const unit = /fahrenheit|°f\b/i.test(view.question) ? 'fahrenheit' : 'celsius';
  return { type: 'call', tool: WEATHER_TOOL_NAME, args: { city, unit } };
}

function bridgeFact(question: string): string | undefined {
  if (/\b(long|length|span)\b/i.test(question)) return GOLDEN_GATE_FACTS.length;
  if (/\b(open(ed)?|built|when)\b/i.test(question)) return GOLDEN_GATE_FACTS.opened;
  if (/\b(tall|height|high)\b/i.test(question)) return GOLDEN_GATE_FACTS.height;
  if (/\b(colou?r|paint(ed)?)\b/i.test(question)) return GOLDEN_GATE_FACTS.colour;
  if (/\bcounty\b/i.test(question)) return GOLDEN_GATE_FACTS.county;
  return undefined;
}

function knowledgeReply(view: ConversationView): Reply | undefined {
  const { question, history } = view;
  const aboutBridge = /golden gate/i.test(question) || (mentionsGoldenGate(history) && /\b(it|bridge)\b/i.test(question));

  if (/golden gate/i.test(question) && /\b(city|where)\b/i.test(question)) {
    return say('The Golden Gate Bridge is in San Francisco.');
  }
  if (aboutBridge) {
    const fact = bridgeFact(question);
    if (fact) return say(fact);
  }
  if (/\b(state|country|region)\b/i.test(question)) {
    const city = cityIn(question) ?? latestCity(history);
    const place = city ? placeOf(city) : undefined;
    if (!place) return say('Which place do you mean? Nothing earlier in our conversation tells me what "it" is.');
    return say(`${place.city} is in ${place.region}, in ${place.country}.`);
  }

  const name = /\bmy name is ([\p{L}'-]+)/iu.exec(question);
  if (name) return say(`Nice to meet you, ${name[1]}.`);
  if (/\bwhat('s| is) my name\b/i.test(question)) {
    const told = history.map((t) => /\bmy name is ([\p{L}'-]+)/iu.exec(t)?.[1]).filter(Boolean).at(-1);
    return say(told ? `Your name is ${told}.` : "You haven't told me your name yet.");
  }
  if (/\bwhat (did|have) (i|we) (ask|talk|discuss)|\bsummar(y|ise|ize)\b/i.test(question)) {
    if (view.earlierQuestions.length === 0) return say('This is the first thing you asked me in this conversation.');
    return say(`So far you asked: ${view.earlierQuestions.map((q) => `"${q}"`).join(', ')}.`);
  }
  if (/^(hi|hello|hey)\b/i.test(question)) return say('Hello! Ask me about the Golden Gate Bridge, or the weather in a city.');
  if (/\b(thanks|thank you)\b/i.test(question)) return say("You're welcome.");
  return undefined;
}

function fallback(view: ConversationView): Reply {
  const remembered = view.earlierQuestions.length;
  return say(
    `I'm the demo's offline model, so I only know a little: the Golden Gate Bridge, the weather (through the ${WEATHER_TOOL_NAME} tool), ` +
      `and this conversation (${remembered} earlier question${remembered === 1 ? '' : 's'}).`,
  );
}

/** The offline model's whole behaviour: a pure function of what the runner sends it. */
export function decideReply(view: ConversationView): Reply {
  const weather = view.toolResults.filter((r) => r.name === WEATHER_TOOL_NAME).at(-1);
  if (weather) return say(weatherSentence(view.question, weather.output));
  if (view.question === '') return say("I didn't catch a question.");
  if (WEATHER.test(view.question)) return weatherReply(view);

  const reply = knowledgeReply(view) ?? fallback(view);
  const askedBefore = view.earlierQuestions.some((q) => normalise(q) === normalise(view.question));
  return askedBefore && reply.type === 'say' ? say(`As I said before: ${reply.text}`) : reply;
}
