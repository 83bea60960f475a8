import type { Locale } from '../i18n/i18n.js';

/** The strings of the delivery receipt a supporter gets once their letters are all final. */
export interface DeliveryReceiptMessages {
  subjectAllSent: (title: string) => string;
  subjectSomeFailed: (title: string) => string;
  /** one letter, delivered */
  oneSent: (title: string) => string;
  /** every letter delivered; `count` is already formatted */
  allSent: (title: string, count: string) => string;
  someFailedIntro: (title: string) => string;
  deliveredTo: string;
  failedTo: string;
  failedNote: string;
  thanks: string;
}

const en: DeliveryReceiptMessages = {
  subjectAllSent: (title) => `Your letters have been delivered – ${title}`,
  subjectSomeFailed: (title) => `Your letters: some could not be delivered – ${title}`,
  oneSent: (title) => `Your letter for “${title}” has been delivered to:`,
  allSent: (title, count) => `All your letters for “${title}” have been delivered (${count}):`,
  someFailedIntro: (title) => `Here is what became of your letters for “${title}”.`,
  deliveredTo: 'Delivered to:',
  failedTo: 'Could not be delivered to:',
  failedNote: 'Their mail servers did not accept the letter. The campaign team can see this and may try again.',
  thanks: 'Thank you for adding your voice.',
};

const ar: DeliveryReceiptMessages = {
  subjectAllSent: (title) => `تم تسليم رسائلك – ${title}`,
  subjectSomeFailed: (title) => `رسائلك: تعذّر تسليم بعضها – ${title}`,
  oneSent: (title) => `تم تسليم رسالتك بشأن «${title}» إلى:`,
  allSent: (title, count) => `تم تسليم جميع رسائلك بشأن «${title}» (${count}):`,
  someFailedIntro: (title) => `إليك ما آلت إليه رسائلك بشأن «${title}».`,
  deliveredTo: 'تم التسليم إلى:',
  failedTo: 'تعذّر التسليم إلى:',
  failedNote: 'لم تقبل خوادم البريد لدى هذه الجهات الرسالة. يطّلع فريق الحملة على ذلك وقد يعيد المحاولة.',
  thanks: 'شكرًا لك على إضافة صوتك.',
};

const ru: DeliveryReceiptMessages = {
  subjectAllSent: (title) => `Ваши письма доставлены – ${title}`,
  subjectSomeFailed: (title) => `Ваши письма: часть не удалось доставить – ${title}`,
  oneSent: (title) => `Ваше письмо по кампании «${title}» доставлено:`,
  allSent: (title, count) => `Все ваши письма по кампании «${title}» доставлены (${count}):`,
  someFailedIntro: (title) => `Вот что стало с вашими письмами по кампании «${title}».`,
  deliveredTo: 'Доставлено:',
  failedTo: 'Не удалось доставить:',
  failedNote: 'Почтовые серверы этих адресатов не приняли письмо. Команда кампании это видит и может попробовать ещё раз.',
  thanks: 'Спасибо, что присоединили свой голос.',
};

const CATALOGUE: Record<Locale, DeliveryReceiptMessages> = { en, ar, ru };

export const deliveryReceiptMessages = (locale: Locale): DeliveryReceiptMessages => CATALOGUE[locale];
