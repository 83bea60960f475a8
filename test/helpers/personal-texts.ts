/**
 * Supporters' own words for the near-duplicate tests and benchmark, generated deterministically
 * from a seed: one campaign text about Homs, light rewrites of it (what a supporter does who
 * "personalises" a template in a minute) and genuinely different texts (each built from its own
 * sentences: a large pool of sentence shapes, each with many wordings, filled from vocabularies,
 * in English, Russian and Arabic). Different texts share what people writing about one topic
 * share, "Homs", "Syria", "civilians", "ceasefire", and little else.
 */

/** mulberry32: a small seeded PRNG, [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The campaign's own text (about 100 words): what a supporter is offered to rewrite. */
export const BASE_TEXT = [
  'I am writing to ask you to use your influence to stop the assault on Homs.',
  'For weeks the city has been shelled day and night, and families in Baba Amr are trapped without food, water or medicine.',
  'Doctors who stayed behind say that the wounded cannot be reached and that children are dying of injuries that could be treated.',
  "Russia's Foreign Minister and the Arab League can press the Syrian government to call a ceasefire, to let the Red Crescent in and to allow civilians to leave safely.",
  'Please make this your first priority before more lives are lost.',
  'History will remember who acted and who looked away.',
].join(' ');

/** A text of the same topic in Russian, with its own rewrites, for the unit tests of other scripts. */
export const BASE_TEXT_RU = [
  'Я прошу вас использовать своё влияние, чтобы остановить штурм Хомса.',
  'Уже несколько недель город обстреливают днём и ночью, а семьи в Баба-Амре остались без еды, воды и лекарств.',
  'Врачи говорят, что до раненых невозможно добраться и что дети умирают от ран, которые можно было бы вылечить.',
  'Министр иностранных дел России и Лига арабских государств могут потребовать от сирийского правительства прекратить огонь и пропустить Красный Полумесяц.',
  'Пожалуйста, сделайте это своим главным делом, пока не погибли новые люди.',
].join(' ');

/** The same in Arabic. */
export const BASE_TEXT_AR = [
  'أكتب إليكم لأطلب منكم استخدام نفوذكم لوقف الهجوم على حمص.',
  'منذ أسابيع تتعرض المدينة للقصف ليلاً ونهاراً، والعائلات في بابا عمرو محاصرة بلا طعام ولا ماء ولا دواء.',
  'يقول الأطباء إن الوصول إلى الجرحى مستحيل وإن الأطفال يموتون من إصابات كان يمكن علاجها.',
  'يستطيع وزير الخارجية الروسي وجامعة الدول العربية الضغط على الحكومة السورية لوقف إطلاق النار والسماح للهلال الأحمر بالدخول.',
  'أرجوكم اجعلوا هذا أولويتكم قبل أن تضيع أرواح أخرى.',
].join(' ');

// ── light rewrites ──────────────────────────────────────────────────────────────────────────────

const GREETINGS: Record<Lang, string[]> = {
  en: ['Dear Minister,', 'Hello,', 'Dear Sir or Madam,', 'Good morning,', 'To whom it may concern,', 'Dear Secretary-General,', 'Your Excellency,'],
  ru: ['Уважаемый министр!', 'Здравствуйте!', 'Добрый день.', 'Уважаемый господин министр,'],
  ar: ['سعادة الوزير،', 'تحية طيبة وبعد،', 'السيد الأمين العام المحترم،', 'صباح الخير،'],
};
const SIGN_OFFS: Record<Lang, string[]> = {
  en: ['Thank you.', 'Sincerely,', 'With hope,', 'Kind regards.', 'Thank you for reading this.', 'Yours faithfully,'],
  ru: ['Спасибо.', 'С уважением.', 'С надеждой на ваш ответ.'],
  ar: ['شكراً لكم.', 'مع خالص التقدير.', 'مع الاحترام.'],
};
const FILLERS: Record<Lang, string[]> = {
  en: ['really', 'urgently', 'now', 'please', 'truly', 'also', 'very', 'still', 'simply', 'all'],
  ru: ['очень', 'срочно', 'сейчас', 'пожалуйста', 'действительно', 'ещё'],
  ar: ['حقاً', 'فوراً', 'الآن', 'رجاءً', 'أيضاً', 'جداً'],
};
const SYNONYMS: Record<string, string> = {
  stop: 'halt',
  assault: 'attack',
  families: 'people',
  city: 'town',
  trapped: 'stuck',
  weeks: 'many weeks',
  wounded: 'injured',
  children: 'kids',
  safely: 'in safety',
  remember: 'judge',
  influence: 'power',
  asking: 'begging',
  lost: 'taken',
  first: 'top',
};

export type Lang = 'en' | 'ru' | 'ar';

/**
 * One light rewrite of `text`: two to five small edits, what a supporter does to make a template
 * "their own" (a greeting or sign-off line, a word added, dropped, swapped or replaced by a
 * synonym, punctuation or case changed, two sentences in another order, line breaks).
 */
export function lightRewrite(text: string, rng: Rng, lang: Lang = 'en'): string {
  let sentences = text.match(/[^.!?؟]+[.!?؟]+/gu)?.map((s) => s.trim()) ?? [text];
  let before = '';
  let after = '';
  const edits = int(rng, 2, 5);
  const wordEdit = (f: (words: string[]) => void) => {
    const i = Math.floor(rng() * sentences.length);
    const words = sentences[i].split(' ');
    f(words);
    sentences[i] = words.join(' ');
  };
  for (let e = 0; e < edits; e++) {
    switch (int(rng, 0, 9)) {
      case 0:
        before = pick(rng, GREETINGS[lang]);
        break;
      case 1:
        after = pick(rng, SIGN_OFFS[lang]);
        break;
      case 2:
        wordEdit((w) => {
          const i = int(rng, 0, w.length - 2);
          [w[i], w[i + 1]] = [w[i + 1], w[i]];
        });
        break;
      case 3:
        wordEdit((w) => w.splice(int(rng, 1, w.length - 1), 0, pick(rng, FILLERS[lang])));
        break;
      case 4:
        wordEdit((w) => {
          const i = int(rng, 1, w.length - 2);
          if (w[i].length > 2) w.splice(i, 1);
        });
        break;
      case 5:
        sentences = sentences.map((s) => (rng() < 0.5 ? s.replace(/,/g, '') : s.replace(/\.$/, '!')));
        break;
      case 6: {
        const i = Math.floor(rng() * sentences.length);
        sentences[i] = rng() < 0.5 ? sentences[i].toUpperCase() : sentences[i].toLowerCase();
        break;
      }
      case 7: {
        const i = int(rng, 0, sentences.length - 2);
        [sentences[i], sentences[i + 1]] = [sentences[i + 1], sentences[i]];
        break;
      }
      case 8:
        wordEdit((w) => {
          const i = w.findIndex((x) => SYNONYMS[x.toLowerCase()]);
          if (i >= 0) w[i] = SYNONYMS[w[i].toLowerCase()];
          else w.push(pick(rng, FILLERS[lang]));
        });
        break;
      default: {
        const i = int(rng, 1, sentences.length - 1);
        sentences[i] = `\n\n${sentences[i]}`;
      }
    }
  }
  return [before, sentences.join(' ').replace(/ \n\n/g, '\n\n'), after].filter(Boolean).join('\n\n');
}

/** `n` light rewrites of `text`, each edited independently from the same text. */
export function lightRewrites(text: string, n: number, seed: number, lang: Lang = 'en'): string[] {
  const rng = prng(seed);
  return Array.from({ length: n }, () => lightRewrite(text, rng, lang));
}

// ── genuinely different texts ───────────────────────────────────────────────────────────────────

/**
 * A sentence shape: `{a|b|c}` is one of the wordings (they nest), `$key` a word of the text's
 * language drawn for this sentence. Each shape has thousands of wordings, so two texts that use
 * the same shape still share only some of its words.
 */
type Shape = string;

function expand(shape: Shape, rng: Rng, vocab: Record<string, readonly string[]>): string {
  let s = shape;
  for (let inner = /\{([^{}]*)\}/; inner.test(s);) s = s.replace(inner, (_, alts: string) => pick(rng, alts.split('|')));
  s = s.replace(/\$([a-zA-Z]+)/g, (_, key: string) => {
    const words = vocab[key];
    if (!words) throw new Error(`no vocabulary "${key}"`);
    return pick(rng, words);
  });
  return capitalise(s.replace(/\s+([.,:!?])/g, '$1').replace(/\s{2,}/g, ' '));
}

const EN_VOCAB: Record<string, readonly string[]> = {
  place: [
    'Homs',
    'Homs',
    'Homs',
    'Baba Amr',
    'Khalidiya',
    'the old city of Homs',
    'Inshaat',
    'Karm el-Zeitoun',
    'Bab Sbaa',
    'Bab Tadmur',
    'al-Waer',
    'the besieged districts of Homs',
  ],
  people: [
    'civilians',
    'families',
    'children',
    'ordinary people',
    'the people of Homs',
    'residents',
    'elderly people',
    'mothers with newborn babies',
    'unarmed men and women',
    'displaced families',
    'hospital patients',
    'schoolchildren',
    'shopkeepers',
    'disabled people',
  ],
  official: [
    "Russia's Foreign Minister",
    'the Arab League',
    'Moscow',
    'the Secretary-General of the Arab League',
    'the Russian government',
    'the member states of the League',
    'Mr Lavrov',
    'the Kremlin',
    'the Foreign Ministry in Moscow',
    'the Russian delegation at the United Nations',
    'your ministry',
  ],
  regime: [
    'the Syrian government',
    'Damascus',
    'the authorities in Syria',
    'President Assad',
    'the Syrian army',
    'the regime',
    'the government forces',
    'the generals in Damascus',
  ],
  harm: ['shelling', 'bombardment', 'siege', 'sniper fire', 'rocket attacks', 'blockade', 'artillery fire', 'tank fire', 'mortar fire', 'raids', 'air strikes'],
  need: [
    'food',
    'clean water',
    'medicine',
    'fuel',
    'electricity',
    'blood for transfusions',
    'baby milk',
    'bandages',
    'heating oil',
    'bread',
    'insulin',
    'anaesthetics',
    'antibiotics',
    'flour',
  ],
  time: [
    'for three weeks',
    'since February',
    'every night',
    'day after day',
    'for almost a month',
    'since the start of the month',
    'without a pause',
    'for twenty days',
    'since the winter began',
    'for twenty-six days now',
  ],
  feeling: ['horror', 'grief', 'anger', 'deep worry', 'shame', 'disbelief', 'sorrow', 'dread', 'despair', 'outrage', 'a heavy heart', 'fear'],
  me: [
    'I am a teacher in Leeds',
    'I am a nurse in Marseille',
    'My grandmother was born in Syria',
    'I have friends in Homs who no longer answer the phone',
    'I am a father of two young girls',
    'I study history in Kraków',
    'I run a small bakery in Ghent',
    'I worked as a surgeon in Beirut',
    'I am a retired engineer from Ottawa',
    'I lived in Damascus for a year as a student',
    'I am a pharmacist in Tunis',
    'I grew up in Aleppo and now live in Berlin',
    'I am a priest in a small parish in Cork',
    'I drive a taxi in Amman',
    'I am seventeen and still at school',
    'I volunteer with refugees in Athens',
    'I am a midwife in Glasgow',
    'I sell carpets in Istanbul',
    'I am a lawyer in Lyon',
    'My husband is Syrian and his mother is still in Homs',
    'I am a journalist in Oslo',
    'I farm sheep in Wales',
    'I am a software developer in Toronto',
    'I taught English in Homs ten years ago',
  ],
  aid: ['the Red Crescent', 'the Red Cross', 'aid convoys', 'United Nations observers', 'medical teams', 'journalists', 'humanitarian workers', 'ambulances'],
  building: ['a hospital', 'a mosque', 'a school', 'a bakery', 'a market', 'a church', 'a field clinic', 'an apartment block', 'a pharmacy', 'a shelter'],
  demand: [
    'a ceasefire',
    'a humanitarian pause',
    'safe corridors',
    'an end to the attacks',
    'a truce',
    'the withdrawal of the tanks',
    'a halt to the bombing',
    'a daily two-hour pause',
  ],
  number: ['Hundreds', 'Dozens', 'Thousands', 'More than a hundred', 'Scores', 'Countless numbers'],
  verb: ['press', 'urge', 'persuade', 'convince', 'push', 'pressure'],
};

const EN_SHAPES: Record<string, Shape[]> = {
  opening: [
    '$me{, and| and|.} {I follow|I read|I have been following|I keep up with|Every day I check} {the news|the reports|every report|the stories|the messages} {from|out of|coming from} $place with $feeling.',
    '$me.',
    'I {cannot|can no longer|will not} {stay silent|keep quiet|look away|pretend not to see} {about|while I read about|when I hear about} {what is happening|what is being done|the suffering} in $place.',
    '{Never before|Not once|Until today} {in my life|in all my years} have I written to {a government|a minister|anyone in power|a foreign official}, {but this cannot wait|but I must|yet the news leaves me no choice}.',
    'Every {morning|evening|night|day} I {read|hear|see the pictures} {about|from} $place and {feel|am filled with} $feeling.',
    '{Forgive me|Excuse me|Pardon me} for writing so {plainly|bluntly|directly}, but {people|$people} are dying {while we wait|as we speak|every hour|while diplomats talk}.',
    'I {am writing|write} {on behalf of|together with|for} my {whole family|neighbours|colleagues|parish|students|friends}, who {share|feel|all share} my $feeling.',
    '{My name will mean nothing to you|You do not know me|I am nobody important}, {yet|but} I hope {my words|this letter|what I say} will {reach you|be read|count for something}.',
    '{I have never been political|Politics has never interested me|I usually stay out of politics}, but {silence|looking away|doing nothing} {now|today|at this moment} would be {a kind of complicity|a betrayal|shameful}.',
    '{Friends|My colleagues|People I trust} {told|assured} me that {letters like this|such letters|messages like mine} {are read|reach the minister|make a difference}, so {here is mine|I am writing|I add my voice} about $place.',
  ],
  situation: [
    '{Reports|News agencies|Activists|Witnesses|Aid workers|Local doctors} {say|report|tell us|confirm} that $people in $place {have had no|have been without|are running out of|can no longer find} $need $time.',
    'The $harm of $place has {gone on|continued|lasted} $time, and {nobody|no one in power|the world} {is stopping it|does anything|seems to care}.',
    '$number of $people have been {killed|wounded|buried under rubble} {in $place|this month|since the $harm began}, and {the wounded lie where they fell|the toll rises every day|no one counts them any more}.',
    '{Yesterday|Last night|This morning|On Sunday} $building {in $place|nearby|in the next street} was {hit|shelled|destroyed|set on fire}{ again|}, and {the pictures|the faces of the children|the sound on the videos} will stay with me {forever|for the rest of my life|a long time}.',
    'A {doctor|nurse|volunteer|surgeon} {inside the city|in $place|in a field clinic} {described|told a reporter about|wrote about} {operating|working|treating the wounded} {by torchlight|on the floor|without anaesthetic} because there is no $need.',
    'People are {burning furniture|burning their doors|sleeping in basements|melting snow for water} {to stay warm|to survive|because there is nothing else}, and {queues for $need|anyone who goes out|the bakeries} {are targeted by $harm|are hit by $harm|become targets}.',
    '$people {cannot|are not able to|do not dare to} {bury their dead|reach the hospital|leave their homes|go out for $need} because of the $harm.',
    'What {is happening|has happened|goes on} in $place $time {is collective punishment of|is a siege of|amounts to a war on} $people.',
    'Those who {try to flee|leave their homes|look for bread|carry the wounded} are {shot at|targeted|stopped at checkpoints}, and those who stay {go without|live without|beg for} $need.',
    '{Whole streets|Entire districts|Rows of houses|The old market} {have been|were} {flattened|reduced to rubble|burned}, and $building {is now rubble|no longer stands|is a ruin}.',
    '{I saw|I watched|Someone sent me} a video of {a boy|a girl|an old man|a mother} {carrying|searching for|crying over} {a brother|her son|water|bread} {in the rubble|under fire|in the snow}, and I {could not sleep|cried|felt ashamed}.',
  ],
  demand: [
    '$regime must {end|stop|halt} the $harm {at once|immediately|today|without conditions}.',
    'There must be $demand {now|at once|this week}, {not after another month of deaths|before it is too late|while there is still someone to save}.',
    '$aid must be {allowed|permitted|free} to reach $people {without conditions|at once|in every district|day and night}.',
    '{Nobody|No government|No cause} can {justify|excuse|defend} {starving|shelling|besieging} $people {to break a city|to win a war|for any reason}.',
    'The wounded must be {evacuated|taken out|carried to safety} and $aid {let in|allowed in|given access}{ without delay| now|}.',
    'I ask for $demand and for the {release|freedom|safety} of {those detained at checkpoints|the doctors who were arrested|the students who were taken|everyone held without charge}.',
    'Let $people {leave safely|go|reach safety}, and let $need and $need {in|through|reach them}.',
    '{Whatever the politics|Whatever side one takes|Whoever is to blame}, {bombing|shelling|besieging} $building is {a crime|a war crime|indefensible|inhuman}.',
  ],
  appeal: [
    'I {ask|beg|urge} $official to $verb $regime to {agree to|accept|allow} $demand.',
    'Only $official {has the weight|has the standing|is in a position} to {change the mind of|move|restrain} $regime.',
    '{You can speak to|You meet|You have the ear of} $official {as an equal|often|in person}: {please do so this week|please use it|please speak for $place}.',
    '$official has {influence|leverage|friends} in Damascus that {no one else has|others lack|could end this}, and it {should|must|ought to} be used {now|for $people|to stop the $harm}.',
    'I hope $official will {make clear|say plainly|insist} that the $harm {is unacceptable|must end|cannot go on}.',
    'Please {raise|mention|put} $place {at every meeting|in every conversation|on the agenda} with $official until $aid {can enter|are let in|reach $people}.',
    'A single {phone call|word|letter|visit} from $official could {save more lives|do more|achieve more} than {a hundred statements|a year of resolutions|all our letters}.',
    '{The world|History|Everyone in the region} {is watching|will remember|will judge} what $official {does|will do|chooses to do} {now|this month|for $place}.',
  ],
  consequence: [
    'If nothing is done, {the world|we|our governments} will {once again|again} say {that it did not know|that nobody knew|that it was too late}.',
    'Every {day|hour|week} of {delay|silence|hesitation} {costs|means|takes} {lives|children|families} that cannot be {given back|brought back|replaced}.',
    '{Future generations|Our children|The people of Syria} will ask why {we|you|the world} {let this happen|stood by|did nothing}.',
    'The memory of $place will {shape|poison|haunt} {the region|the relations between our peoples|the Middle East} for {decades|generations|years}.',
    '{Silence|Inaction|Hesitation} {now|today|at this hour} will be {read|taken|understood} as {permission|consent|approval}.',
    'This is a test of whether {international law|the Geneva Conventions|our common humanity|the word of the League} {means|counts for} anything {at all|any more|in our time}.',
  ],
  closing: [
    'Thank you for {your time|reading|listening|your attention}.',
    'I {trust|hope|believe} you will {act|do what is right|not wait}.',
    'I will {keep writing|keep asking|not stop} until $place is {safe|free of $harm|at peace}.',
    'Please do not let this {letter|appeal|plea} go {unanswered|unread|unheard}.',
    'With {respect|hope|gratitude}{ and urgency| and faith|}.',
    'I am {counting on you|relying on you|waiting for your answer}.',
  ],
};

const RU_VOCAB: Record<string, readonly string[]> = {
  placeIn: ['в Хомсе', 'в Хомсе', 'в Баба-Амре', 'в Халидии', 'в старом городе Хомса', 'в кварталах Хомса', 'в осаждённом Хомсе', 'в Баб-Сбаа'],
  people: ['мирные жители', 'семьи', 'дети', 'старики', 'раненые', 'беженцы', 'простые люди', 'матери с младенцами', 'жители города', 'больные', 'студенты'],
  official: [
    'министр иностранных дел России',
    'Лига арабских государств',
    'Москва',
    'российское правительство',
    'господин Лавров',
    'Кремль',
    'генеральный секретарь Лиги',
    'российская дипломатия',
  ],
  regimeGen: ['сирийского правительства', 'Дамаска', 'сирийской армии', 'президента Асада', 'властей Сирии', 'командования армии'],
  harm: ['обстрелы', 'бомбардировки', 'ракетные удары', 'артиллерийские обстрелы', 'атаки снайперов', 'налёты'],
  harmAcc: ['обстрелы', 'бомбардировки', 'осаду', 'блокаду', 'штурм', 'ракетные удары', 'артиллерийский огонь'],
  need: ['еды', 'чистой воды', 'лекарств', 'топлива', 'электричества', 'хлеба', 'детского питания', 'бинтов', 'инсулина', 'тепла', 'муки'],
  time: ['уже три недели', 'с февраля', 'каждую ночь', 'день за днём', 'почти месяц', 'без перерыва', 'двадцать дней подряд', 'с начала зимы'],
  me: [
    'Я учительница из Казани',
    'Я врач из Новосибирска',
    'Моя бабушка родилась в Сирии',
    'Я студент из Петербурга',
    'Я пенсионер из Самары',
    'Я медсестра из Минска',
    'У меня друзья в Хомсе',
    'Я инженер из Екатеринбурга',
    'Я мать троих детей из Воронежа',
    'Я работал переводчиком в Дамаске',
    'Я священник из Твери',
    'Я журналистка из Алматы',
  ],
  demand: ['прекращения огня', 'гуманитарной паузы', 'безопасных коридоров', 'прекращения атак', 'перемирия', 'отвода танков', 'остановки бомбардировок'],
  aid: ['Красный Полумесяц', 'гуманитарные конвои', 'наблюдатели ООН', 'врачи', 'журналисты', 'машины скорой помощи', 'спасатели'],
  building: ['больницу', 'мечеть', 'школу', 'пекарню', 'рынок', 'церковь', 'жилой дом', 'полевой госпиталь'],
};

const RU_SHAPES: Record<string, Shape[]> = {
  opening: [
    '$me, и я {с ужасом|каждый день|с болью|со страхом} {слежу за новостями|читаю новости|смотрю репортажи|читаю сообщения} {из Хомса|из Сирии|о Хомсе}.',
    '$me.',
    'Я {не могу|больше не могу|не хочу} {молчать|оставаться в стороне|делать вид, что ничего не происходит}, {пока|когда} $placeIn {гибнут люди|идёт война|рушатся дома}.',
    '{Я впервые в жизни пишу|Я никогда раньше не писал|Мне ещё не приходилось писать} {министру|официальному лицу|в правительство|политику}{, но молчать больше нельзя|, но сейчас не могу иначе|}.',
    '{Простите|Извините} за {прямоту|резкость|простые слова}, но люди гибнут, {пока мы ждём|каждый час|пока дипломаты спорят|прямо сейчас}.',
    'Я пишу {от имени всей моей семьи|вместе с соседями|от себя и своих коллег|за своих учеников|вместе с друзьями}, {потому что|ведь} {мы все|мы} {не спим ночами|думаем о Хомсе|не можем на это смотреть}.',
    '{Моё имя вам ничего не скажет|Вы меня не знаете|Я обычный человек}, но {я надеюсь|мне хочется верить}, что {эти слова|это письмо|мой голос} {дойдут до вас|будут услышаны|что-то значат}.',
  ],
  situation: [
    '{Говорят|Сообщают|Врачи пишут|Очевидцы рассказывают|Правозащитники подтверждают}, что $people $placeIn {остались без|живут без|не могут найти|давно не видели} $need $time.',
    '{Обстрелы|Бомбардировки|Ракетные удары|Налёты} {продолжаются|не прекращаются|идут} $time, и {никто их не останавливает|мир молчит|никто не вмешивается}.',
    '{Сотни|Десятки|Тысячи} людей {убиты|ранены|погибли под завалами} {за последние недели|только в этом месяце|$placeIn}, а $people {не могут похоронить близких|не могут выйти из подвалов|ждут помощи}.',
    '{Вчера|Этой ночью|Сегодня утром|В воскресенье} снова {обстреляли|разрушили|подожгли} $building, и {эти фотографии|лица этих детей|эти кадры} я {не забуду никогда|буду помнить всю жизнь|не могу забыть}.',
    '{Врачи|Хирурги|Медсёстры|Волонтёры} {оперируют|работают|лечат раненых} {при свечах|на полу|без наркоза}, потому что {нет|не хватает} $need.',
    '{Тех, кто пытается бежать|Тех, кто выходит за хлебом|Тех, кто несёт раненых}, {обстреливают|задерживают на блокпостах|убивают снайперы}, а {оставшиеся|остальные} {живут без|просят|ждут} $need.',
    '{Целые улицы|Целые кварталы|Старый рынок|Ряды домов} {превращены в руины|сожжены|стёрты с лица земли}, {и люди живут в подвалах|и никто не знает, сколько там погибших|и это видит весь мир}.',
  ],
  demand: [
    '{Нужно|Необходимо|Важно} {немедленно|сегодня же|без всяких условий} {прекратить|остановить} $harmAcc.',
    '{Нужно|Надо|Необходимо} добиться $demand {сейчас|немедленно|на этой неделе}, а не {через месяц|после новых жертв|когда будет поздно}.',
    '$aid {должны получить|нужно дать} доступ {к людям|ко всем кварталам|к раненым} {без всяких условий|днём и ночью|немедленно}.',
    'Ничто не {оправдывает|может оправдать|извиняет} {голод|осаду|обстрелы} {мирного города|целого города|беззащитных людей}.',
    '{Позвольте|Дайте} {раненым|детям|старикам|семьям} {уехать|выйти из города|спастись} и {пропустите помощь|впустите врачей|откройте дорогу конвоям}.',
    'Я {требую|прошу|жду} $demand и освобождения {задержанных на блокпостах|арестованных врачей|всех, кого держат без суда}.',
  ],
  appeal: [
    'Я {прошу|умоляю|призываю}: пусть $official {потребует от|добьётся от} $regimeGen $demand.',
    'Только $official {может повлиять на решения|в силах изменить решения|способен остановить действия} $regimeGen.',
    '{Один звонок|Одно слово|Один визит} из Москвы может {спасти|сохранить} больше жизней, чем {сотни заявлений|годы резолюций|все наши письма}.',
    '{Мир|История|Весь регион} {смотрит|запомнит|оценит}, что {сделает|выберет|скажет} $official {сейчас|в эти дни|для Хомса}.',
    '{Пожалуйста|Прошу вас}, {поднимайте|обсуждайте|упоминайте} {Хомс|судьбу Хомса|этот вопрос} {на каждой встрече|в каждом разговоре|при каждой возможности}, пока {туда не пропустят помощь|не прекратится огонь|люди гибнут}.',
  ],
  closing: [
    'Спасибо за {ваше время|внимание|то, что прочитали}.',
    'Я {надеюсь|рассчитываю} на {вас|вашу помощь|ваше решение}.',
    '{Пожалуйста|Прошу вас}, не оставляйте {это письмо|мою просьбу|наш призыв} без {ответа|внимания}.',
    'Каждый {день|час} {промедления|молчания} стоит {жизней|новых жертв|детских жизней}.',
    '{С уважением|С надеждой|С болью и надеждой}.',
  ],
};

const AR_VOCAB: Record<string, readonly string[]> = {
  place: ['حمص', 'حمص', 'بابا عمرو', 'الخالدية', 'أحياء حمص المحاصرة', 'حمص القديمة', 'الإنشاءات', 'باب السباع', 'كرم الزيتون'],
  people: ['المدنيين', 'العائلات', 'الأطفال', 'كبار السن', 'الجرحى', 'النازحين', 'الناس العاديين', 'الأمهات وأطفالهن', 'سكان المدينة', 'المرضى', 'الطلاب'],
  official: [
    'وزير الخارجية الروسي',
    'جامعة الدول العربية',
    'موسكو',
    'الحكومة الروسية',
    'الأمين العام للجامعة',
    'الكرملين',
    'الدبلوماسية الروسية',
    'الدول الأعضاء في الجامعة',
  ],
  regime: ['الحكومة السورية', 'دمشق', 'الجيش السوري', 'النظام', 'السلطات السورية', 'القيادة العسكرية'],
  harm: ['القصف', 'الحصار', 'نيران القناصة', 'القصف المدفعي', 'الغارات', 'الهجوم', 'إطلاق الصواريخ', 'الاقتحام'],
  need: ['الطعام', 'الماء النظيف', 'الدواء', 'الوقود', 'الكهرباء', 'الخبز', 'حليب الأطفال', 'الضمادات', 'الإنسولين', 'التدفئة'],
  time: ['منذ ثلاثة أسابيع', 'منذ فبراير', 'كل ليلة', 'يوماً بعد يوم', 'منذ شهر تقريباً', 'دون توقف', 'منذ بداية الشتاء', 'منذ عشرين يوماً'],
  me: [
    'أنا معلمة من عمّان',
    'أنا طبيب من بيروت',
    'وُلدت جدتي في سوريا',
    'أنا طالب في القاهرة',
    'أنا ممرضة من تونس',
    'لدي أصدقاء في حمص',
    'أنا متقاعد من الرباط',
    'أنا أم لثلاثة أطفال في الدوحة',
    'أعمل سائقاً في الكويت',
    'أنا صيدلانية من الجزائر',
    'درست في دمشق قبل سنوات',
  ],
  demand: ['وقف إطلاق النار', 'هدنة إنسانية', 'ممرات آمنة', 'إنهاء الهجمات', 'انسحاب الدبابات', 'وقف القصف'],
  aid: ['الهلال الأحمر', 'قوافل المساعدات', 'مراقبي الأمم المتحدة', 'الفرق الطبية', 'الصحفيين', 'سيارات الإسعاف'],
  feeling: ['بحزن شديد', 'بقلق بالغ', 'بغضب', 'بألم', 'بخوف', 'بحسرة'],
  building: ['مستشفى', 'مسجد', 'مدرسة', 'مخبز', 'سوق', 'كنيسة', 'مستشفى ميداني', 'مبنى سكني'],
};

const AR_SHAPES: Record<string, Shape[]> = {
  opening: [
    '$me، و{أتابع|أقرأ|أشاهد} {أخبار|تقارير|صور} $place $feeling.',
    '$me.',
    'لا {أستطيع|يمكنني} أن {أصمت|أسكت|أتجاهل ما يحدث} {بينما|في حين} {يموت الناس في $place|تُقصف $place|يُحاصر أهل $place}.',
    'هذه أول مرة {في حياتي|منذ سنوات|على الإطلاق} أكتب فيها إلى {مسؤول|وزير|حكومة أجنبية|أحد في السلطة}{، لكن الأمر لا يحتمل الانتظار|، فالصمت لم يعد ممكناً|}.',
    '{اعذروني|سامحوني|عفواً} على {صراحتي|كلماتي المباشرة|هذه اللهجة}، لكن الناس يموتون {ونحن ننتظر|في كل ساعة|بينما يتحدث الدبلوماسيون}.',
    'أكتب {باسم عائلتي كلها|مع جيراني|مع زملائي في العمل|باسم طلابي|مع أصدقائي}، {فنحن جميعاً|وكلنا} {لا ننام الليل|نفكر في حمص|نتألم لما يجري}.',
  ],
  situation: [
    '{تقول التقارير|يقول الأطباء|يروي شهود عيان|يؤكد الناشطون|تقول منظمات الإغاثة} إن $people في $place {بلا|محرومون من|لم يجدوا|يفتقدون} $need $time.',
    '{يستمر|يتواصل|لا يتوقف} $harm {على $place|} $time، و{لا أحد يوقفه|العالم صامت|لا أحد يتدخل}.',
    '{قُتل|جُرح|دُفن تحت الأنقاض} {المئات|العشرات|الآلاف} {في $place|هذا الشهر|منذ بداية $harm}، و{لا يستطيع الناس دفن موتاهم|الجرحى ينزفون في الشوارع|العدد يزداد كل يوم}.',
    '{أمس|الليلة الماضية|صباح اليوم|يوم الأحد} {أُصيب|قُصف|دُمّر} $building {مرة أخرى|في $place|في الحي المجاور}، و{لن أنسى تلك الصور أبداً|وجوه الأطفال لا تفارقني|ما زلت أسمع الأصوات}.',
    '{يجري الأطباء العمليات|يعمل الممرضون|يعالج المتطوعون الجرحى} {على ضوء الشموع|على الأرض|دون تخدير} لأنه لا يوجد $need.',
    '{من يحاول الهرب|من يخرج لشراء الخبز|من يحمل الجرحى} {يُطلق عليه النار|يُعتقل على الحواجز|يستهدفه القناصة}، ومن يبقى {يعيش بلا|يتوسل من أجل|ينتظر} $need.',
    '{شوارع كاملة|أحياء بأكملها|السوق القديم|صفوف من البيوت} {سُويت بالأرض|احترقت|تحولت إلى ركام}، {والناس يعيشون في الأقبية|ولا أحد يعرف عدد الضحايا|والعالم يتفرج}.',
  ],
  demand: [
    'يجب على $regime أن {يوقف|ينهي|يتوقف عن} $harm {فوراً|اليوم|دون شروط}.',
    'نحتاج إلى $demand {الآن|فوراً|هذا الأسبوع}، {وليس بعد شهر|قبل فوات الأوان|قبل أن يسقط المزيد}.',
    'يجب السماح لـ$aid بالوصول إلى {الناس|كل الأحياء|الجرحى} {دون شروط|ليلاً ونهاراً|فوراً}.',
    'لا شيء {يبرر|يمكن أن يبرر} {تجويع|قصف|حصار} {مدينة كاملة|$people} {لكسرها|لكسب الحرب|لأي سبب}.',
    'دعوا {الجرحى|الأطفال|كبار السن|العائلات} {يخرجون|يغادرون بأمان|ينجون} واسمحوا بدخول $aid.',
    'أطالب بـ$demand وبالإفراج عن {المعتقلين على الحواجز|الأطباء المعتقلين|كل من احتُجز دون تهمة}.',
  ],
  appeal: [
    '{أطلب من|أناشد|أرجو من} $official الضغط على $regime من أجل $demand.',
    '{وحدها|فقط} $official {تملك|لديها} {التأثير على|القدرة على تغيير|النفوذ لتغيير} قرارات $regime.',
    '{مكالمة واحدة|كلمة واحدة|زيارة واحدة} من $official قد {تنقذ|تحمي} أرواحاً أكثر من {مئة بيان|سنوات من القرارات|كل رسائلنا}.',
    '{العالم|التاريخ|المنطقة كلها} {ينتظر|سيتذكر|سيحكم على} ما {ستفعله|ستقوله|ستختاره} $official {الآن|في هذه الأيام|من أجل $place}.',
    '{أرجوكم|من فضلكم} {اطرحوا|اذكروا|ناقشوا} {قضية $place|مصير $place|هذا الأمر} {في كل لقاء|في كل اجتماع|كلما سنحت الفرصة} مع $official.',
  ],
  closing: [
    'شكراً {لوقتكم|لاهتمامكم|لقراءة رسالتي}.',
    'أنا {أعتمد عليكم|أثق بكم|أنتظر ردكم}.',
    'أرجو ألا تتركوا {هذه الرسالة|هذا النداء|طلبي} بلا {رد|اهتمام}.',
    'كل {يوم|ساعة} {تأخير|صمت} {يكلف|يعني} {أرواحاً|ضحايا جدداً|أطفالاً}.',
    'مع {خالص التقدير|الاحترام|الأمل}.',
  ],
};

const LANGS: Record<Lang, { vocab: Record<string, readonly string[]>; shapes: Record<string, Shape[]> }> = {
  en: { vocab: EN_VOCAB, shapes: EN_SHAPES },
  ru: { vocab: RU_VOCAB, shapes: RU_SHAPES },
  ar: { vocab: AR_VOCAB, shapes: AR_SHAPES },
};

/**
 * One text of a supporter who wrote their own: an opening, one to three sentences on the
 * situation, one or two demands, one or two appeals, maybe a consequence, maybe a closing: each
 * sentence of a different shape, worded and filled for this text.
 */
export function differentText(rng: Rng, lang: Lang = 'en'): string {
  const { vocab, shapes } = LANGS[lang];
  const from = (role: string, count: number) =>
    shuffle(rng, [...(shapes[role] ?? [])])
      .slice(0, count)
      .map((s) => expand(s, rng, vocab));
  const sentences = [
    ...from('opening', 1),
    ...from('situation', int(rng, 1, 3)),
    ...from('demand', int(rng, 1, 2)),
    ...from('appeal', int(rng, 1, 2)),
    ...(rng() < 0.4 ? from('consequence', 1) : []),
    ...(rng() < 0.6 ? from('closing', 1) : []),
  ];
  // a paragraph break somewhere, as people write
  const at = int(rng, 1, sentences.length - 1);
  return `${sentences.slice(0, at).join(' ')}\n\n${sentences.slice(at).join(' ')}`;
}

/** `n` different texts: about 80% English, 10% Russian, 10% Arabic. */
export function differentTexts(n: number, seed: number): { text: string; lang: Lang }[] {
  const rng = prng(seed);
  return Array.from({ length: n }, () => {
    const r = rng();
    const lang: Lang = r < 0.8 ? 'en' : r < 0.9 ? 'ru' : 'ar';
    return { text: differentText(rng, lang), lang };
  });
}

export interface CorpusText {
  text: string;
  kind: 'rewrite' | 'different';
  lang: Lang;
}

/** `rewrites` light rewrites of BASE_TEXT and `different` different texts, in a seeded random order. */
export function corpus({ rewrites, different, seed }: { rewrites: number; different: number; seed: number }): CorpusText[] {
  const texts: CorpusText[] = [
    ...lightRewrites(BASE_TEXT, rewrites, seed + 1).map((text) => ({ text, kind: 'rewrite' as const, lang: 'en' as const })),
    ...differentTexts(different, seed + 2).map(({ text, lang }) => ({ text, kind: 'different' as const, lang })),
  ];
  return shuffle(prng(seed + 3), texts);
}
