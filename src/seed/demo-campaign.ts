import type { Appeal } from '../letters/letter-template.js';

/**
 * The founding case of Appeals, from the facts of a human-rights organisation's appeal of
 * February 2012: the shelling of residential Homs, and the call on Russia's Foreign Minister and
 * the Arab League to use their influence with Syria. The addresses are placeholders under
 * .example: the demo never writes to a real official.
 */
export const DEMO_SLUG = 'stop-the-assault-on-homs';

export const DEMO_TARGETS = [
  {
    name: 'Sergei Lavrov',
    title: 'Minister of Foreign Affairs',
    organization: 'Russian Federation',
    country: 'RU',
    email: 'minister.lavrov@mid-ru.example',
    locale: 'en',
  },
  {
    name: 'Nabil Elaraby',
    title: 'Secretary-General',
    organization: 'League of Arab States',
    country: null,
    email: 'secretary-general@arab-league.example',
    locale: 'en',
  },
];

const appeal: Appeal = {
  subject: 'Use your influence with Syria to end the assault on Homs',
  body: [
    'Dear {{target.title}} {{target.name}},',
    '',
    "Since Friday, government forces have shelled the residential districts of Homs, among them Bab Amr, al-Khaldieh, Bab al-Seba and al-Insha'aat, and snipers have fired on the streets. More than 200 people are reported killed, at least 17 of them children, and hundreds more wounded are being treated in makeshift field clinics and in their homes.",
    '',
    'I am writing to ask {{target.organization}} to use every means of influence it has with the Syrian government to stop this attack now: to say clearly, in public and in private, that heavy weapons must not be used against residential areas, and that civilians must be protected.',
    '',
    '{{supporter.comment}}',
    '',
    'Yours sincerely,',
    '{{supporter.fullName}}, {{supporter.country}}',
  ].join('\n'),
};

export const DEMO_CAMPAIGN = {
  slug: DEMO_SLUG,
  title: 'Stop the assault on Homs',
  summary:
    'The Syrian army has been shelling residential Homs for days and more than 200 people are reported dead. ' +
    "Ask Russia's Foreign Minister and the Arab League to use their influence with Damascus to end the assault and protect civilians.",
  appeal,
  signatureGoal: 10_000,
};

/**
 * The appeal in the languages of the publics it addresses: the campaign page, the supporters'
 * emails and the public API show these to Russian and Arabic readers (the officials' letters
 * follow each target's own locale, English for the two demo targets).
 */
export const DEMO_TRANSLATIONS = {
  campaign: {
    ru: {
      title: 'Остановите штурм Хомса',
      summary:
        'Сирийская армия уже несколько дней обстреливает жилые кварталы Хомса; по имеющимся данным, погибли более 200 человек. ' +
        'Призовите министра иностранных дел России и Лигу арабских государств использовать своё влияние на Дамаск, чтобы прекратить штурм и защитить мирных жителей.',
    },
    ar: {
      title: 'أوقفوا الهجوم على حمص',
      summary:
        'يقصف الجيش السوري الأحياء السكنية في حمص منذ أيام، وتفيد التقارير بمقتل أكثر من 200 شخص. ' +
        'اطلب من وزير الخارجية الروسي وجامعة الدول العربية استخدام نفوذهما لدى دمشق لإنهاء الهجوم وحماية المدنيين.',
    },
  },
  appeal: {
    ru: {
      subject: 'Используйте своё влияние на Сирию, чтобы прекратить штурм Хомса',
      body: [
        'Уважаемый {{target.title}} {{target.name}}!',
        '',
        'С пятницы правительственные войска обстреливают жилые районы Хомса, в том числе Баб-Амр, Эль-Халдию, Баб-эс-Сбаа и Эль-Иншаат, а снайперы стреляют по улицам. По имеющимся данным, погибли более 200 человек, в том числе не менее 17 детей; сотни раненых получают помощь в импровизированных полевых госпиталях и у себя дома.',
        '',
        'Прошу использовать все средства влияния на сирийское правительство, которыми располагает {{target.organization}}, чтобы немедленно остановить это нападение: ясно заявить — публично и в частных беседах, — что тяжёлое оружие нельзя применять против жилых кварталов и что мирные жители должны быть защищены.',
        '',
        '{{supporter.comment}}',
        '',
        'С уважением,',
        '{{supporter.fullName}}, {{supporter.country}}',
      ].join('\n'),
    },
    ar: {
      subject: 'استخدموا نفوذكم لدى سوريا لإنهاء الهجوم على حمص',
      body: [
        'حضرة {{target.title}} {{target.name}} المحترم،',
        '',
        'منذ يوم الجمعة تقصف القوات الحكومية الأحياء السكنية في حمص، ومنها بابا عمرو والخالدية وباب السباع والإنشاءات، ويطلق القناصة النار في الشوارع. وتفيد التقارير بمقتل أكثر من 200 شخص، بينهم 17 طفلًا على الأقل، فيما يُعالَج مئات الجرحى في مستشفيات ميدانية مؤقتة وفي منازلهم.',
        '',
        'أكتب إليكم لأطلب أن تستخدم {{target.organization}} كل ما لديها من وسائل التأثير على الحكومة السورية لوقف هذا الهجوم فورًا، وأن تقول بوضوح، علنًا وفي المحادثات الخاصة، إنه لا يجوز استخدام الأسلحة الثقيلة ضد المناطق السكنية، وإنه يجب حماية المدنيين.',
        '',
        '{{supporter.comment}}',
        '',
        'مع خالص التقدير،',
        '{{supporter.fullName}}، {{supporter.country}}',
      ].join('\n'),
    },
  },
};
