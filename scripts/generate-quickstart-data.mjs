// Generates config/data/quickstart-conversations.csv: a few hundred realistic conversation turns
// (one row per user/assistant pair, the seed's layout). Deterministic, so the file is reproducible.
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

let seed = 20241125;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const pick = (list) => list[Math.floor(rand() * list.length)];
const uuid = (text) => {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const users = [
  { id: 'u_1001', customer: 'acme-travel', name: 'Priya' },
  { id: 'u_1002', customer: 'acme-travel', name: 'Marco' },
  { id: 'u_1003', customer: 'acme-travel', name: 'Sofia' },
  { id: 'u_2001', customer: 'fitlife', name: 'Jonas' },
  { id: 'u_2002', customer: 'fitlife', name: 'Aiko' },
  { id: 'u_2003', customer: 'fitlife', name: 'Daniel' },
  { id: 'u_3001', customer: 'homecook', name: 'Fatima' },
  { id: 'u_3002', customer: 'homecook', name: 'Liam' },
];

const topics = {
  'acme-travel': [
    ["I'm planning a trip to Lisbon in May, I hate early flights.", 'Noted: no departures before 9am. For Lisbon in May I can look at mid-morning flights and a hotel in Chiado or Príncipe Real.'],
    ['Can you book me a window seat? I always get motion sick in the back.', "I'll prefer window seats near the front of the cabin for you. Should I apply that to all future bookings?"],
    ['Yes, always. Also I travel with my daughter, she is 7.', 'Got it — a child of 7 travelling with you. I will look for family rooms and seats together.'],
    ['My partner is vegetarian, so restaurants need good veggie options.', 'Understood. I will only suggest restaurants with solid vegetarian menus. 🌱'],
    ['Budget is around €1,500 for the whole week, flights included.', 'A week for about €1,500 including flights is doable in May if we book this month. Want me to set a price alert?'],
    ['I prefer trains over planes when it is under 5 hours.', 'Makes sense. For routes under 5 hours I will show trains first.'],
    ['Last time the hotel was too noisy, I need a quiet room, "away from the elevator" please.', 'I will request a quiet room "away from the elevator" and avoid hotels with bars on the ground floor.'],
    ['I have a Star Alliance Gold card.', 'Great, I will prioritise Star Alliance carriers so you keep lounge access and status miles.'],
  ],
  fitlife: [
    ['I want to run a half marathon in October.', "Great goal! With about 20 weeks we can build up from 3 runs a week. What's your current weekly distance?"],
    ['About 15 km a week, and my left knee hurts after long runs.', 'Let\'s keep long runs flat and add two strength sessions for the knee. If pain persists, see a physio.'],
    ['I can only train early mornings, before 7.', 'Understood — all sessions scheduled before 7am, with the long run on Saturdays.'],
    ["I'm lactose intolerant, so no whey protein.", 'Noted. I will suggest plant-based or lactose-free protein options instead of whey.'],
    ['I lost 4 kg since March! 🎉', 'That is fantastic progress — 4 kg since March. Keep the protein intake steady while mileage goes up.'],
    ['I hate treadmills.', 'No treadmill workouts then. On rainy days I will suggest indoor strength or cycling instead.'],
    ['My resting heart rate is 58.', 'A resting heart rate of 58 is a good baseline. I will use it to set your easy-run zones.'],
    ['Can you remind me to stretch?\nI always forget after runs.', 'Sure. I will add a 10-minute stretching block after every run.\nWould a reminder 5 minutes after you finish help?'],
  ],
  homecook: [
    ['We are a family of four, two kids who hate mushrooms.', 'Got it: recipes for four, no mushrooms. Any other ingredients the kids avoid?'],
    ['My husband has a peanut allergy, it is serious.', 'Thank you for telling me. I will exclude peanuts and flag recipes with possible cross-contamination.'],
    ['I only have 30 minutes on weeknights.', 'Weeknight recipes will take 30 minutes or less. Weekend ones can be longer.'],
    ['I love Thai food but not too spicy, maybe 2 out of 5.', 'Thai dishes at spice level 2/5 — I will adjust chilli amounts in each recipe.'],
    ['I have an Instant Pot and an air fryer.', 'Noted: Instant Pot and air fryer available. I will include recipes that use them.'],
    ['Can you plan meals around a weekly budget of $120?', 'Yes — a $120 weekly plan for four, reusing ingredients across days to cut waste.'],
    ['We do Meatless Mondays.', 'Mondays will be vegetarian from now on.'],
    ['My daughter is starting a gluten-free diet, doctor said to try it for 6 weeks.', 'I will make her portions gluten-free for the next 6 weeks and note which recipes work for the whole family.'],
  ],
};

const header = ['conversation_id', 'message_index', 'user_id', 'customer_id', 'user_text', 'assistant_text', 'created_at'];
const quote = (v) => (/[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const rows = [header.join(',')];
let time = Date.parse('2024-01-08T08:00:00Z');
let conversation = 0;
while (rows.length <= 300) {
  const user = pick(users);
  const turns = topics[user.customer];
  const conversationId = uuid(`conversation-${conversation++}`);
  const length = 2 + Math.floor(rand() * 6);
  const start = Math.floor(rand() * turns.length);
  for (let i = 0; i < length && rows.length <= 300; i++) {
    const [u, a] = turns[(start + i) % turns.length];
    time += Math.floor(60_000 + rand() * 600_000);
    const row = [conversationId, i, user.id, user.customer, u, a.replace('you', i === 0 ? `you, ${user.name},` : 'you'), new Date(time).toISOString()];
    rows.push(row.map(quote).join(','));
  }
  time += Math.floor(rand() * 3 * 86_400_000);
}
writeFileSync(new URL('../config/data/quickstart-conversations.csv', import.meta.url), rows.join('\r\n') + '\r\n');
console.log(`wrote ${rows.length - 1} turns in ${conversation} conversations`);
