// A large help center for the knowledge-base benchmark: the demo shop's 14 articles plus generated
// ones of an outdoor-gear retailer (care, warranty, troubleshooting, specifications, stores,
// policies), a few hundred words each over a wide vocabulary, and questions that match some of them
// and questions that match nothing. Deterministic: the same articles and questions on every run.
import type { NewHelpArticle } from '../../server/store/store.ts'
import { demoHelpCenter } from '../../server/setup/demo.ts'
import { questionFixture } from '../../test/helpers/help-center.ts'

/** A deterministic PRNG, so every run indexes the same text. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
}

interface Family {
  name: string
  models: string[]
  parts: string[]
  materials: string[]
  problems: { title: string; symptom: string; cause: string; fix: string }[]
}

const p = (title: string, symptom: string, cause: string, fix: string) => ({ title, symptom, cause, fix })

const FAMILIES: Family[] = [
  { name: 'tent', models: ['Ridgeline 2', 'Ridgeline 4', 'Basecamp 6', 'Featherlite 1'], parts: ['poles', 'rainfly', 'stakes', 'guylines', 'vestibule', 'floor seams'], materials: ['ripstop nylon', 'silicone-coated polyester', 'aluminium alloy'], problems: [p('Condensation inside the tent', 'the inner walls are wet in the morning', 'warm breath meeting a cold fly', 'open both vents and pitch the fly taut')] },
  { name: 'sleeping bag', models: ['Alpine 15', 'Summit 0', 'Meadow 40', 'Drift Quilt'], parts: ['baffles', 'hood', 'draft collar', 'footbox', 'zipper guard'], materials: ['800-fill goose down', 'synthetic insulation', 'brushed polyester lining'], problems: [p('Cold spots in a sleeping bag', 'you feel cold patches at night', 'down shifting between baffles', 'shake the bag and redistribute the fill')] },
  { name: 'backpack', models: ['Trailhead 28', 'Traverse 55', 'Expedition 70', 'Commuter 20'], parts: ['hip belt', 'shoulder straps', 'frame sheet', 'hydration sleeve', 'sternum buckle'], materials: ['Cordura', 'recycled nylon', 'aluminium stay'], problems: [p('A backpack that hurts your shoulders', 'your shoulders ache after an hour', 'the load riding on the straps', 'tighten the hip belt and shorten the load lifters')] },
  { name: 'headlamp', models: ['Beam 300', 'Beam 600', 'Nightrunner', 'Kids Glow'], parts: ['battery', 'lens', 'headband', 'charging port', 'tilt bracket'], materials: ['polycarbonate', 'lithium-ion cell', 'elastic webbing'], problems: [p('A headlamp that flickers', 'the beam blinks or dims', 'a loose battery contact', 'clean the contacts and charge it fully')] },
  { name: 'camp stove', models: ['Flare Mini', 'Flare Duo', 'Basecamp Grill', 'Jetcook'], parts: ['burner', 'igniter', 'pot supports', 'regulator', 'fuel line'], materials: ['stainless steel', 'brass valve', 'titanium'], problems: [p('A stove igniter that will not spark', 'clicking gives no flame', 'a worn piezo igniter or a wet burner', 'dry the burner and light it with a match')] },
  { name: 'water filter', models: ['Purestream', 'Squeeze Pro', 'Gravity 6L', 'Pocket Straw'], parts: ['cartridge', 'hollow fiber membrane', 'backflush syringe', 'dirty bag'], materials: ['hollow fiber', 'activated carbon', 'BPA-free plastic'], problems: [p('Slow flow through a water filter', 'water only drips through', 'silt clogging the membrane', 'backflush it with clean water')] },
  { name: 'bike', models: ['Gravel X', 'Trail 29', 'City Step', 'Junior 24'], parts: ['derailleur', 'brake pads', 'chain', 'tires', 'saddle', 'headset'], materials: ['aluminium frame', 'carbon fork', 'chromoly steel'], problems: [p('Gears that skip on a bike', 'the chain jumps between cogs', 'a stretched cable or a worn chain', 'turn the barrel adjuster a quarter turn')] },
  { name: 'kayak', models: ['Coastal 12', 'River Runner', 'Tandem Cruiser', 'Inflatable Drift'], parts: ['hull', 'rudder', 'skeg', 'hatch cover', 'seat back', 'bulkhead'], materials: ['rotomolded polyethylene', 'fiberglass', 'PVC drop-stitch'], problems: [p('Water inside a kayak hatch', 'the storage hatch takes on water', 'a hatch cover not seated or a cracked gasket', 'reseat the cover and check the rim')] },
  { name: 'rain jacket', models: ['Stormline', 'Cloudburst', 'Ultralight Shell', 'Town Parka'], parts: ['membrane', 'seam tape', 'hood', 'cuffs', 'pit zips', 'hem drawcord'], materials: ['three-layer laminate', 'DWR coating', 'recycled polyester'], problems: [p('A rain jacket that wets out', 'the outer fabric darkens and feels clammy', 'a worn water-repellent finish', 'wash it and tumble dry on low to revive the finish')] },
  { name: 'hiking boot', models: ['Ridge Mid', 'Scree Low', 'Glacier GTX', 'Trail Runner'], parts: ['outsole', 'midsole', 'laces', 'eyelets', 'gusseted tongue', 'footbed'], materials: ['full-grain leather', 'Vibram rubber', 'EVA foam'], problems: [p('Heel slip in hiking boots', 'your heel lifts with every step', 'laces too loose at the ankle', 'use a heel-lock lacing at the top eyelets')] },
  { name: 'GPS watch', models: ['Pathfinder 2', 'Pathfinder Solar', 'Tempo', 'Kids Tracker'], parts: ['heart rate sensor', 'altimeter', 'strap', 'charging clip', 'firmware'], materials: ['sapphire glass', 'silicone strap', 'fibre-reinforced polymer'], problems: [p('A watch that will not pair with your phone', 'the app never finds the watch', 'Bluetooth paired to an old phone', 'forget the device on both and pair again')] },
  { name: 'climbing harness', models: ['Crag', 'Big Wall', 'Alpine Lite', 'Youth Full Body'], parts: ['belay loop', 'gear loops', 'leg loops', 'waist buckle', 'haul loop'], materials: ['Dyneema', 'nylon webbing', 'aluminium buckle'], problems: [p('When to retire a harness', 'the belay loop looks fuzzy', 'abrasion and age of the webbing', 'retire it after ten years or any fall onto an edge')] },
  { name: 'ski', models: ['Powder 108', 'Piste Carver', 'Touring 88', 'Junior Twin'], parts: ['edges', 'bindings', 'base', 'topsheet', 'skins'], materials: ['wood core', 'titanal', 'sintered base'], problems: [p('Skis that feel slow on snow', 'the skis grab on flat sections', 'a dry base without wax', 'hot wax the base and scrape it thin')] },
  { name: 'trekking pole', models: ['Carbon Z', 'Trail Duo', 'Alpine Flick', 'Snow Lite'], parts: ['flick lock', 'carbide tip', 'snow basket', 'grip', 'wrist strap'], materials: ['carbon fiber', 'cork', 'aluminium 7075'], problems: [p('A trekking pole that collapses', 'the pole slips shorter under weight', 'a flick lock that lost tension', 'tighten the lock screw a half turn')] },
  { name: 'cooler', models: ['Icebox 45', 'Icebox 65', 'Soft Tote 20', 'Wheeled 110'], parts: ['gasket', 'drain plug', 'latches', 'hinge', 'handles'], materials: ['rotomolded shell', 'pressure-injected foam', 'marine-grade rubber'], problems: [p('Ice melting too fast in a cooler', 'the ice is gone in a day', 'a warm cooler or a gap at the gasket', 'pre-chill it and keep it in the shade')] },
  { name: 'e-bike', models: ['Volt Commuter', 'Volt Cargo', 'Trail Assist', 'Fold E'], parts: ['battery', 'motor', 'display', 'charger', 'torque sensor'], materials: ['lithium-ion pack', 'hub motor', 'hydraulic disc brakes'], problems: [p('An e-bike battery that drains quickly', 'the range drops to half', 'cold weather or a high assist level', 'store the battery indoors and ride in eco mode')] },
]

const CITIES = ['Portland', 'Seattle', 'Denver', 'Boulder', 'Salt Lake City', 'Boise', 'Bend', 'Spokane', 'Sacramento', 'Reno', 'Minneapolis', 'Madison', 'Chicago', 'Burlington', 'Asheville', 'Chattanooga', 'Austin', 'Flagstaff', 'Missoula', 'Anchorage', 'Duluth', 'Albany', 'Bozeman', 'Tucson', 'Eugene', 'Olympia', 'Fort Collins', 'Santa Fe', 'Knoxville', 'Ann Arbor']
const POLICIES = ['Price match guarantee', 'Student discount', 'Military and first responder discount', 'Membership dividends', 'Gear rental program', 'Used gear trade-in', 'Corporate and team orders', 'Gift wrapping', 'Layaway', 'Buy online, pick up in store', 'Repair shop services', 'Outdoor classes and events', 'Privacy policy summary', 'Cookie settings', 'Accessibility of our website', 'Newsletter preferences', 'Product reviews guidelines', 'Recycling old gear', 'Pro deals for guides', 'Bulk discounts for schools', 'Carbon neutral shipping', 'Product recalls', 'Safety notices', 'Careers at our stores', 'Donations and sponsorships', 'Affiliate program', 'Wholesale accounts', 'Tax exempt purchases', 'Lost receipts', 'Holiday return window', 'Backorders', 'Preorders', 'Out of stock notifications', 'Gift registry', 'Custom embroidery', 'Ski tuning service', 'Bike fitting appointments', 'Boot fitting appointments', 'Kayak demo days', 'Trail maintenance volunteering']

/** Sentence pools by kind of article: `{x}` slots are filled from its family, model, city and numbers. */
const POOLS: Record<string, string[]> = {
  general: [
    'Most {family} owners find that the {part} need attention about once a season, more often after {weather}.',
    'Our {model} uses {material}, chosen because it holds up to {weather} without adding weight.',
    'If that does not help within {n} days, contact us with the serial number printed near the {part}.',
    'Prices, availability and eligibility can change; the current terms are always shown at checkout.',
    'We review each request individually and reply by email within {n} business days.',
  ],
  care: [
    'Before you start, lay the {family} out on a clean, dry surface and check the {part} for grit or damage.',
    'Use lukewarm water and a mild, non-detergent soap; bleach, solvents and fabric softener shorten the life of {material}.',
    'Let it dry completely away from direct heat: a radiator or campfire can warp the {part} in minutes.',
    'A soft brush removes sand and pine needles from zippers and seams before they scratch the coating.',
    'Reproof the outer fabric every {n} washes with a spray-on treatment, then tumble dry on low to activate it.',
  ],
  warranty: [
    'If the {part} fail within {n} months because of a manufacturing defect, we repair or replace them at no cost.',
    'Keep your order number or receipt: a claim needs proof of purchase and a photo of the {part}.',
    'Normal wear, such as scuffed {part} or faded {material}, is not a defect and is not covered.',
    'Damage from accidents, alterations or commercial use falls outside the lifetime guarantee.',
    'Approved claims get a prepaid label; inspection takes about {n} days once the parcel reaches us.',
  ],
  choose: [
    'Weight, packed size and intended use matter more than features: a {model} suits trips of {n} nights or fewer.',
    'Children under {n} should use the youth version, which has smaller {part} and a simpler adjustment.',
    'Compare the capacity, the warmth rating and the weight on each product page; the chart lists every model side by side.',
    'Beginners usually prefer a forgiving, versatile model; experienced hikers often trade comfort for lower weight.',
  ],
  parts: [
    'Replacement {part} for the {model} ship within {n} business days from our Portland warehouse.',
    'Check the model number on the label sewn inside before ordering, since older editions use different fittings.',
    'Spare buckles, cords, toggles and stakes are sold in small packs, and members get them free once a year.',
  ],
  returns: [
    'Used gear in clean condition can be returned within {n} days for store credit; unused gear for a full refund.',
    'Exchanges for another size or colour are free, and we send the new item as soon as the carrier scans your return.',
    'Items damaged by misuse, or missing their original parts, may be refused or refunded in part.',
  ],
  setup: [
    'Read the printed guide in the box first; the quick-start card shows the {part} in the order you assemble them.',
    'Practise once at home: the first setup takes about {n} minutes, later ones a third of that.',
    'Tighten every strap and fastener by hand only; overtightening strips threads and cracks {material}.',
  ],
  storage: [
    'Store it loosely in a cool, dark closet rather than compressed in its stuff sack, which fatigues the {material}.',
    'Remove batteries and fuel before storage, and check for mould if it was packed away damp after {weather}.',
    'A breathable cotton storage bag keeps dust off while letting moisture escape over the winter.',
  ],
  shipping: [
    'Lithium batteries and fuel canisters ship by ground only, and not to Alaska, Hawaii or PO boxes.',
    'Oversize items such as the {model} ship by freight, and the carrier calls you to book a delivery window.',
    'Freight delivery costs a flat ${n} within the contiguous states and includes a curbside drop-off.',
  ],
  rental: [
    'Rentals include the {part}, a cleaning after every trip and a damage waiver for accidental tears.',
    'Reserve online up to {n} weeks ahead; pick-up is from noon the day before your trip.',
    'Late returns are charged one extra day, and rental fees count toward buying the same model within a month.',
  ],
  repair: [
    'Customers in {city} can bring the {family} to the store repair desk, where most fixes take under a week.',
    'Our technicians patch fabric, replace sliders, re-tape seams and true wheels, and quote before starting work.',
    'Mail-in repairs are welcome: pack the item clean and dry, with a note describing the {part} problem.',
  ],
  specs: [
    'The {model} weighs about {n} ounces, packs to the size of a water bottle and is built from {material}.',
    'Colours, sizes and the full list of materials appear on the product page under Specifications.',
    'Every edition is tested in our lab for abrasion, seam strength and performance in {weather}.',
  ],
  manual: [
    'Firmware and software updates for the {model} are free and install from the companion app over Wi-Fi.',
    'The manual is available as a printable PDF in English, French and Spanish on the product page.',
    'Safety warnings in the manual apply to every edition; read them before the first use.',
  ],
  trouble: [
    'A simple field test: {symptom}, which usually means {cause}.',
    'Most of the time the fix is quick: {fix}.',
    'If the problem returns after {n} uses, the part may be defective and covered by the warranty.',
  ],
  store: [
    'Store hours in {city} are 10 am to 8 pm on weekdays and 9 am to 6 pm on weekends, except public holidays.',
    'Parking is free in the lot behind the {city} store, and bike racks are by the main entrance.',
    'Our staff in {city} can special-order any size or colour that is not on the shelf, usually within {n} days.',
    'Classes at the {city} store cover choosing, fitting and caring for your gear, and they are free for members.',
  ],
  policy: [
    'Members earn a dividend of {n} percent on full-price purchases, paid each spring as a store credit.',
    'Proof of eligibility, such as a student card or service identification, is checked once and saved to your account.',
    'The offer cannot be combined with other discounts and does not apply to gift cards or rentals.',
    'Questions about this policy go to our support team, who answer by chat or email seven days a week.',
  ],
}

const WEATHER = ['heavy rain', 'salt water', 'desert dust', 'freezing nights', 'muddy trails', 'a humid summer', 'spring snow']

function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => slots[key] ?? key)
}

/**
 * A body of 4–6 paragraphs of 3–5 sentences (a few hundred words), no sentence twice: its kind's
 * sentences first, then general ones, then others of the help center, as real articles drift.
 */
function body(rand: () => number, slots: Record<string, string>, kind: string): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
  const shuffled = <T>(xs: readonly T[]) => xs.map((x) => [rand(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x)
  const others = Object.entries(POOLS).flatMap(([name, pool]) => (name === kind || name === 'general' ? [] : pool))
  const sentences = [...shuffled(POOLS[kind]!), ...shuffled(POOLS.general!), ...shuffled(others)]
  const paragraphs: string[] = []
  const count = 4 + Math.floor(rand() * 3)
  for (let i = 0; i < count; i++) {
    const length = 3 + Math.floor(rand() * 3)
    paragraphs.push(sentences.splice(0, length).map((t) => fill(t, { city: pick(CITIES), ...slots, n: String(2 + Math.floor(rand() * 28)), weather: pick(WEATHER) })).join(' '))
  }
  return paragraphs.join('\n\n')
}

/** `count` articles: the demo's 14 first, then generated ones. */
export function helpArticles(count = 500): NewHelpArticle[] {
  const rand = prng(2026)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
  const articles: NewHelpArticle[] = [...demoHelpCenter().articles]
  const url = (title: string) => `https://gear.example/help/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
  const add = (title: string, slots: Record<string, string>, kind: string) => articles.push({ title, url: url(title), body: body(rand, slots, kind) })
  const familyKinds: [string, string][] = [['How to clean and care for your {family}', 'care'], ['{Family} warranty coverage', 'warranty'], ['Choosing the right {family}', 'choose'], ['Replacement parts for your {family}', 'parts'], ['Returning or exchanging a {family}', 'returns'], ['Setting up your {family}', 'setup'], ['Storing your {family} between seasons', 'storage'], ['Shipping a {family}: restrictions and costs', 'shipping'], ['Renting a {family}', 'rental'], ['Repair service for your {family}', 'repair']]
  const modelKinds: [string, string][] = [['{Model}: specifications and features', 'specs'], ['{Model}: user manual', 'manual'], ['{Model}: known issues and updates', 'trouble']]
  const generic = { family: 'gear', model: 'order', part: 'items', material: 'materials', symptom: 'a question comes up', cause: 'a policy detail', fix: 'contact us' }
  for (const family of FAMILIES) {
    const slotsOf = (model: string) => ({ family: family.name, model, part: pick(family.parts), material: pick(family.materials), ...family.problems[0]! })
    const Family = family.name[0]!.toUpperCase() + family.name.slice(1)
    for (const [title, kind] of familyKinds) add(fill(title, { family: family.name, Family }), slotsOf(pick(family.models)), kind)
    for (const model of family.models) for (const [title, kind] of modelKinds) add(fill(title, { Model: `The ${model} ${family.name}` }), slotsOf(model), kind)
    for (const problem of family.problems) add(problem.title, { ...slotsOf(pick(family.models)), ...problem }, 'trouble')
  }
  for (const city of CITIES) add(`Our ${city} store: hours, parking and services`, { ...generic, city }, 'store')
  for (const policy of POLICIES) add(policy, generic, 'policy')
  // Past the distinct articles: more model pages (a catalogue grows by models), one per edition year.
  for (let year = 2020; articles.length < count; year++) {
    for (const family of FAMILIES) {
      for (const model of family.models) {
        if (articles.length < count) add(`The ${model} ${family.name} (${year} edition)`, { family: family.name, model: `${model} (${year})`, part: pick(family.parts), material: pick(family.materials), ...family.problems[0]! }, 'specs')
      }
    }
  }
  return articles.slice(0, count)
}

export interface BenchQuestion {
  q: string
  /** Written to match an article (true) or nothing (false); the responder decides in the end. */
  matching: boolean
}

/** ~100 questions: the fixture's (answerable and not), ones about generated articles, and ones matching nothing. */
export function helpQuestions(): BenchQuestion[] {
  const fixture = [...questionFixture.tuning, ...questionFixture.heldOut].map((item) => ({ q: item.q, matching: item.expect !== null }))
  const generated = [
    'my headlamp keeps blinking and going dim',
    'the Ridgeline 4 tent is soaking wet inside every morning',
    'how do I wash a down sleeping bag',
    'is there a warranty on the Gravel X bike',
    'can you ship a fuel canister to Hawaii',
    'what time does the Denver store open on saturday',
    'where can I buy a replacement hip belt for my Traverse 55',
    'my GPS watch will not connect to my phone',
    'how often should I replace my climbing harness',
    'the ice in my Icebox 45 cooler melts in one day',
    'my e-bike battery range dropped by half in winter',
    'do you rent kayaks for the weekend',
  ].map((q) => ({ q, matching: true }))
  const rand = prng(99)
  const letters = 'bcdfghjklmnpqrstvwxz'
  const gibberish = (n: number) => Array.from({ length: n }, () => Array.from({ length: 4 + Math.floor(rand() * 6) }, () => letters[Math.floor(rand() * letters.length)]).join('')).join(' ')
  const unmatched = [
    'what is the capital of mongolia',
    'can you recommend a good pizza place near me',
    'who won the football game last night',
    'what is the square root of seven hundred',
    'tell me a joke about pirates',
    'does quantum entanglement allow faster than light communication',
    'qwerty asdf zxcv',
    gibberish(40),
    gibberish(250),
    gibberish(400).slice(0, 2000),
  ].map((q) => ({ q, matching: false }))
  return [...fixture, ...generated, ...unmatched]
}
