import type { Appeal } from '../campaigns/campaign.entity.js';

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
    'Since Friday, government forces have shelled the residential districts of Homs, among them Bab Amr, al-Khaldieh, Bab al-Seba and al-Insha\'aat, and snipers have fired on the streets. More than 200 people are reported killed, at least 17 of them children, and hundreds more wounded are being treated in makeshift field clinics and in their homes.',
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
