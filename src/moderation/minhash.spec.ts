import {
  BANDS,
  bandKeys,
  estimateSimilarity,
  EXACT_ONLY_BELOW,
  fingerprint,
  jaccard,
  minhash,
  NEAR_DUPLICATE_THRESHOLD,
  normaliseForFingerprint,
  ROWS,
  shingleHashes,
  SIGNATURE_SIZE,
} from './minhash.js';

const EN = [
  'I am writing to ask you to use your influence to stop the assault on Homs.',
  'For weeks the city has been shelled day and night, and families in Baba Amr are trapped without food, water or medicine.',
  "Russia's Foreign Minister and the Arab League can press the Syrian government to call a ceasefire and let the Red Crescent in.",
  'Please make this your first priority before more lives are lost.',
].join(' ');
/** what a supporter does to make it "their own" in a minute: a greeting, a word or two, punctuation, an order */
const EN_REWRITES = [
  `Dear Minister,\n\n${EN.replace('For weeks', 'For many weeks').replace('Please make', 'I beg you, make')}`,
  EN.replace(/,/g, '').replace('stop the assault', 'halt the attack').toUpperCase(),
  [
    'Please make this your first priority before more lives are lost!',
    'I am writing to ask you to use your influence to stop the assault on Homs.',
    'For weeks the city has been shelled day and night, and families in Baba Amr are trapped without food or medicine.',
    "Russia's Foreign Minister and the Arab League can press the Syrian government to call a ceasefire and let the Red Crescent in.",
    'Thank you.',
  ].join('\n'),
];
const EN_OTHERS = [
  'I am a nurse in Marseille, and every morning I read the reports from Homs with dread. Doctors there operate by torchlight because there is no fuel. The Syrian army must halt the shelling today. A single phone call from Moscow could do more than a year of resolutions.',
  'My grandmother was born in Syria. Whole streets of Khalidiya have been flattened and a field clinic no longer stands. Aid convoys must be allowed to reach families in every district. History will judge what the Arab League chooses to do this month.',
];

const RU =
  'Я прошу вас использовать своё влияние, чтобы остановить штурм Хомса. Уже несколько недель город обстреливают днём и ночью, а семьи в Баба-Амре остались без еды, воды и лекарств.';
const RU_REWRITE = `Здравствуйте!\n\n${RU.replace('Уже несколько недель', 'Уже много недель').replace(/,/g, '')}`;
const RU_OTHER =
  'Я врач из Новосибирска. Хирурги оперируют при свечах, потому что не хватает бинтов. Один звонок из Москвы может спасти больше жизней, чем сотни заявлений.';

const AR =
  'أكتب إليكم لأطلب منكم استخدام نفوذكم لوقف الهجوم على حمص. منذ أسابيع تتعرض المدينة للقصف ليلاً ونهاراً، والعائلات في بابا عمرو محاصرة بلا طعام ولا ماء ولا دواء.';
const AR_REWRITE = `سعادة الوزير،\n${AR.replace('منذ أسابيع', 'منذ عدة أسابيع').replace('ليلاً ونهاراً', 'ليلاً ونهاراً، بلا توقف')}`;
const AR_OTHER = 'أنا ممرضة من تونس. يجري الأطباء العمليات على ضوء الشموع لأنه لا يوجد الوقود. مكالمة واحدة من موسكو قد تنقذ أرواحاً أكثر من مئة بيان.';

const similarity = (a: string, b: string) => estimateSimilarity(fingerprint(a)!.signature, fingerprint(b)!.signature);

describe('the text a fingerprint sees', () => {
  it('folds case, punctuation, line breaks and runs of spaces', () => {
    expect(normaliseForFingerprint('  Stop the ASSAULT,\n\non Homs!!  ')).toBe('stop the assault on homs');
    expect(normaliseForFingerprint("Russia's — «Lavrov»")).toBe('russia s lavrov');
  });

  it('keeps letters and digits of every script, in NFKC', () => {
    expect(normaliseForFingerprint('Ｈｏｍｓ ２０１２ ﬁre')).toBe('homs 2012 fire');
    expect(normaliseForFingerprint('«Остановите» обстрел Хомса… Ёлка')).toBe('остановите обстрел хомса ёлка');
    // Arabic: the short vowels (harakat) and the tatweel are dropped, the word stays whole
    expect(normaliseForFingerprint('أوقفوا القصــف، الآنَ!')).toBe('أوقفوا القصف الآن');
    expect(normaliseForFingerprint('كَتَبَ')).toBe('كتب');
  });
});

describe('fingerprints', () => {
  it(`are ${SIGNATURE_SIZE} values and ${BANDS} band keys of ${ROWS} values each, the keys safe integers below 2^52`, () => {
    const f = fingerprint(EN)!;
    expect(f.signature).toHaveLength(SIGNATURE_SIZE);
    expect(BANDS * ROWS).toBe(SIGNATURE_SIZE);
    expect(f.bands).toHaveLength(BANDS);
    for (const k of f.bands) {
      expect(Number.isSafeInteger(k)).toBe(true);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(2 ** 52);
    }
    expect(new Set(f.bands).size).toBe(BANDS);
    expect(f.exact).toBe(false);
  });

  it('never change for a text: signatures stored years ago still match new ones', () => {
    // pinned: a change of seeds, hash or shingling would make every stored fingerprint a stranger
    const f = fingerprint('Stop the assault on Homs: let the Red Crescent reach the wounded now.')!;
    expect(Array.from(f.signature.slice(0, 4))).toEqual(PINNED.signature);
    expect(f.bands.slice(0, 2)).toEqual(PINNED.bands);
  });

  it('are the same for a text that differs only in case, punctuation and spacing', () => {
    const a = fingerprint(EN)!;
    const b = fingerprint(EN.toLowerCase().replace(/[.,']/g, ' ').replace(/ /g, '  \n'))!;
    expect(Array.from(b.signature)).toEqual(Array.from(a.signature));
    expect(b.bands).toEqual(a.bands);
  });

  it('are nothing for a text with nothing visible in it; symbols alone are compared as written', () => {
    expect(fingerprint('  \n\t ')).toBeNull();
    expect(fingerprint('🙏🙏🙏')).not.toBeNull();
    expect(similarity('🙏🙏🙏', ' 🙏🙏🙏\n')).toBe(1);
    expect(similarity('🙏🙏🙏', '🕊🕊🕊')).toBeLessThan(0.1);
  });
});

describe('estimated similarity', () => {
  it('follows the Jaccard similarity of the shingle sets (128 values: within about 0.1)', () => {
    const texts = [EN, ...EN_REWRITES, ...EN_OTHERS, EN.slice(0, 200), EN.slice(100)];
    const prints = texts.map((t) => fingerprint(t)!.signature);
    for (let i = 0; i < texts.length; i++)
      for (let j = 0; j < i; j++) expect(Math.abs(estimateSimilarity(prints[i], prints[j]) - jaccard(texts[i], texts[j]))).toBeLessThan(0.12);
  });

  it('is 1 for the same set of shingles and 0 for signatures that share no value', () => {
    const s = minhash(shingleHashes('stop the assault on homs now'));
    expect(estimateSimilarity(s, Int32Array.from(s))).toBe(1);
    expect(
      estimateSimilarity(
        s,
        s.map((v) => v ^ 1),
      ),
    ).toBe(0);
    expect(estimateSimilarity(s, s.slice(0, 64))).toBe(0);
  });
});

describe(`near-duplicates (threshold ${NEAR_DUPLICATE_THRESHOLD})`, () => {
  it('light rewrites of a text are at or above the threshold, in Latin, Cyrillic and Arabic script', () => {
    for (const r of EN_REWRITES) expect(similarity(EN, r)).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD + 0.15);
    expect(similarity(RU, RU_REWRITE)).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD + 0.15);
    expect(similarity(AR, AR_REWRITE)).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD + 0.15);
  });

  it('different texts on the same topic are well below it', () => {
    for (const o of EN_OTHERS) expect(similarity(EN, o)).toBeLessThan(NEAR_DUPLICATE_THRESHOLD - 0.25);
    expect(similarity(EN_OTHERS[0], EN_OTHERS[1])).toBeLessThan(NEAR_DUPLICATE_THRESHOLD - 0.25);
    expect(similarity(RU, RU_OTHER)).toBeLessThan(NEAR_DUPLICATE_THRESHOLD - 0.25);
    expect(similarity(AR, AR_OTHER)).toBeLessThan(NEAR_DUPLICATE_THRESHOLD - 0.25);
    expect(similarity(EN, RU)).toBe(0);
  });

  it('a light rewrite shares band keys with its original (so the index finds it); a different text shares none', () => {
    const keys = new Set(fingerprint(EN)!.bands);
    for (const r of EN_REWRITES) expect(fingerprint(r)!.bands.filter((k) => keys.has(k)).length).toBeGreaterThanOrEqual(3);
    for (const o of EN_OTHERS) expect(fingerprint(o)!.bands.filter((k) => keys.has(k))).toEqual([]);
  });
});

describe(`short texts (under ${EXACT_ONLY_BELOW} characters once normalised)`, () => {
  it('are compared whole: the same words are a duplicate whatever the case and punctuation', () => {
    expect(fingerprint('Stop the assault on Homs now!')!.exact).toBe(true);
    expect(similarity('Stop the assault on Homs now!', 'stop the assault on Homs, NOW')).toBe(1);
    expect(similarity('Остановите штурм Хомса!', 'остановите штурм хомса')).toBe(1);
  });

  it('one word changed is another text, not a near-duplicate', () => {
    expect(similarity('Stop the assault on Homs now!', 'Stop the assault on Homs today!')).toBeLessThan(0.1);
    expect(similarity('Stop the assault on Homs now!', 'Stop the assault on Homs now! Let the Red Crescent in, please.')).toBeLessThan(0.1);
  });

  it('a text exactly at the limit is compared by its shingles', () => {
    const text = 'a'.repeat(EXACT_ONLY_BELOW);
    expect(fingerprint(text)!.exact).toBe(false);
    expect(fingerprint(text.slice(1))!.exact).toBe(true);
  });
});

describe('band keys', () => {
  it('depend on each band’s values and its position', () => {
    const s = fingerprint(EN)!.signature;
    const keys = bandKeys(s);
    const changed = Int32Array.from(s);
    changed[ROWS] ^= 1; // a value of the second band
    const after = bandKeys(changed);
    expect(after.filter((k, i) => k !== keys[i])).toEqual([after[1]]);
    // the same four values in two bands give two keys
    const same = new Int32Array(SIGNATURE_SIZE).fill(7);
    expect(new Set(bandKeys(same)).size).toBe(BANDS);
  });
});

const PINNED = { signature: [207814, 21513812, 6714933, 35996637], bands: [4391069943799452, 3138100423305857] };
