import type { Plural } from './plural.js';

type FormField = 'firstName' | 'lastName' | 'email' | 'country' | 'postcode' | 'comment' | 'letterBody';
/** the letter placeholders, as src/letters/placeholders.ts names them (it checks that the two lists agree) */
type PlaceholderName =
  | 'target.name'
  | 'target.title'
  | 'target.organization'
  | 'supporter.firstName'
  | 'supporter.lastName'
  | 'supporter.fullName'
  | 'supporter.country'
  | 'supporter.comment'
  | 'campaign.title'
  | 'signatureCount'
  | 'signatories';

/**
 * Every string of the supporter pages and emails, in one language. Functions take values that
 * are already formatted for the language (numbers, dates) and return plain text: the views and
 * emails escape it.
 */
export interface Messages {
  /** the language's name in itself, for the language switcher */
  languageName: string;
  languageNav: string;
  /** put before a page title when the form came back with errors */
  errorTitlePrefix: string;
  footer: (org: string) => string;

  // the campaign page
  signedCount: Plural;
  noSignaturesYet: string;
  goal: (goal: string) => string;
  progressLabel: (percent: string, goal: string) => string;
  endsOn: (date: string) => string;
  /** delivery.startAt to come: signatures are collected, the letters go together then (a formatted date and time) */
  lettersGoOn: (dateTime: string) => string;
  jumpToForm: string;
  targetsHeading: string;
  /** the campaign's officials receive letters by the supporter's country (audiences): the page says so where it lists them */
  recipientsByCountry: string;
  /** before the officials a supporter of that country writes to (a country name) */
  recipientsFor: (country: string) => string;
  /** no official receives letters from that country: told before signing, and the refusal if they sign anyway */
  noRecipients: (country: string) => string;
  letterHeading: string;
  letterSubject: string;
  letterNote: string;
  placeholders: Record<PlaceholderName, string>;
  formHeading: string;
  fields: Record<FormField, string>;
  optional: string;
  emailHint: string;
  commentHint: string;
  /** a campaign whose letter supporters may rewrite (letterEditing "body"): beside the text to edit */
  letterBodyHint: string;
  chooseCountry: string;
  charactersLeft: Plural;
  consent: (org: string) => string;
  consentConfirm: string;
  /** the consent-to-further-contact checkbox, when the campaign gives no words of its own (the organisation's name) */
  optInDefault: (org: string) => string;
  /** the footer link of supporter emails that withdraws that consent */
  unsubscribe: {
    title: string;
    question: (org: string) => string;
    button: string;
    doneTitle: string;
    done: (org: string) => string;
    unknown: string;
  };
  /** before the link to PRIVACY_URL, on the form and in emails */
  privacyNote: (org: string) => string;
  privacyLink: string;
  submit: string;
  submitting: string;
  honeypotLabel: string;
  errorSummary: string;
  /** the page a form without JavaScript gets when the client address signed too often (429) */
  tooManyTitle: string;
  errors: Record<FormField, string> & { closed: string; paused: string; network: string; tooMany: string; unexpected: string; captcha: string };
  state: { closed: string; ended: string; paused: string; draftTitle: string; draft: string };

  // the front page (/): the organisation's live campaigns
  home: { title: (org: string) => string; intro: string; empty: string; readAndSign: string };

  // after signing
  checkEmailTitle: string;
  checkEmailText: string;
  checkEmailSpam: string;
  signedTitle: string;
  signedText: string;
  backToCampaign: string;

  // confirmation links
  confirmedTitle: string;
  confirmedText: string;
  alreadyConfirmedTitle: string;
  alreadyConfirmedText: string;
  expiredTitle: string;
  expiredText: string;
  signAgain: string;
  unknownLinkTitle: string;
  unknownLinkText: string;
  withdrawnCannotConfirmTitle: string;
  withdrawnCannotConfirmText: string;
  notFoundTitle: string;
  notFoundText: string;

  // sharing
  shareHeading: string;
  shareAsk: string;
  shareText: (title: string) => string;
  shareLinkLabel: string;
  copyLink: string;
  linkCopied: string;
  /** the phone's own share sheet (Web Share API) */
  shareNative: string;
  shareBy: { email: string; whatsapp: string; telegram: string; x: string; facebook: string };

  // withdrawal links
  withdrawQuestionTitle: string;
  withdrawQuestionText: (title: string) => string;
  withdrawButton: string;
  keepSignature: string;
  withdrawnTitle: string;
  withdrawnText: (title: string) => string;
  alreadyWithdrawnText: (title: string) => string;
  unknownWithdrawText: string;

  // emails
  mail: {
    hello: (firstName: string) => string;
    validityDays: Plural;
    validityHours: Plural;
    confirmSubject: (title: string) => string;
    confirmThanks: (title: string) => string;
    confirmAsk: string;
    confirmButton: string;
    orOpenLink: string;
    confirmValidity: (validity: string) => string;
    notYou: string;
    withdrawAnytime: string;
    withdrawLink: string;
    /** the footer line of supporter emails (List-Unsubscribe's visible twin) */
    unsubscribeText: string;
    unsubscribeLink: string;
    thanksSubject: (title: string) => string;
    thanksConfirmed: (title: string) => string;
    thanksTargets: string;
    /** the confirmation request: who the letter goes to once confirmed */
    confirmTargets: string;
    thanksShare: string;
    signOff: (org: string) => string;
    /** an official's answer to the supporter's letter, sent on to them (delivery.forwardReplies) */
    replyForward: {
      /** the email's subject: who answered (their name) and the answer's own subject */
      subject: (official: string, subject: string) => string;
      /** who answered ("name, title, organization") and the campaign's title */
      intro: (official: string, title: string) => string;
      /** the answer came from another address than the official's: "Name <address>" */
      sentFrom: (sender: string) => string;
      /** before the answer's own subject */
      subjectLabel: string;
      /** the answer had attachments, which are not sent on: their names */
      attachments: (names: string) => string;
      /** why the supporter gets it, and where a reply to it goes */
      note: (org: string) => string;
    };
  };
}
