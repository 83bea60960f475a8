import { AuditEntry } from '../audit/audit-entry.entity.js';
import { CampaignTarget } from '../campaigns/campaign-target.entity.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { DeliveryAttempt } from '../deliveries/delivery-attempt.entity.js';
import { Delivery } from '../deliveries/delivery.entity.js';
import { CampaignSentDay } from '../deliveries/campaign-sent-day.entity.js';
import { CampaignSentHour } from '../deliveries/campaign-sent-hour.entity.js';
import { CampaignSentMinute } from '../deliveries/campaign-sent-minute.entity.js';
import { CampaignStatDelta } from '../deliveries/campaign-stat-delta.entity.js';
import { CampaignStatTotal } from '../deliveries/campaign-stat-total.entity.js';
import { TargetLetterDelta } from '../deliveries/target-letter-delta.entity.js';
import { TargetLetterTotal } from '../deliveries/target-letter-total.entity.js';
import { CaughtMail } from '../mail/caught-mail.entity.js';
import { TextBand } from '../moderation/text-band.entity.js';
import { TextFingerprint } from '../moderation/text-fingerprint.entity.js';
import { Notification } from '../notifications/notification.entity.js';
import { Reply } from '../replies/reply.entity.js';
import { SignatureToken } from '../signatures/signature-token.entity.js';
import { Signature } from '../signatures/signature.entity.js';
import { Supporter } from '../signatures/supporter.entity.js';
import { Target } from '../targets/target.entity.js';
import { User } from '../users/user.entity.js';
import { WebhookAttempt } from '../webhooks/webhook-attempt.entity.js';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity.js';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.entity.js';
import { WebhookEvent } from '../webhooks/webhook-event.entity.js';
import { Setting } from './setting.entity.js';

/**
 * Every entity, listed (not globbed) so the same list works from src/ under Jest and from dist/.
 * The one file of database/ that imports the folders above it: TypeORM must be handed every
 * entity class when the DataSource is made, and each entity lives beside its owner.
 */
export const ENTITIES = [
  AuditEntry,
  Campaign,
  CampaignSentMinute,
  CampaignSentHour,
  CampaignSentDay,
  CampaignStatDelta,
  CampaignStatTotal,
  TargetLetterDelta,
  TargetLetterTotal,
  CampaignTarget,
  CaughtMail,
  Delivery,
  DeliveryAttempt,
  Notification,
  Reply,
  Setting,
  Signature,
  SignatureToken,
  Supporter,
  Target,
  TextBand,
  TextFingerprint,
  User,
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEvent,
];
