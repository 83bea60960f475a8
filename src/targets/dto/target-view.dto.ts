import { ApiProperty } from '@nestjs/swagger';
import type { TimeZoneSource } from '../../common/time-zone.js';
import type { Target } from '../target.entity.js';
import { timeZoneOf } from '../../common/time-zone.js';

/** An official of the directory, as the staff API shows it. */
export class TargetView {
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f' })
  id: string;

  @ApiProperty({ example: 'Sergei Lavrov' })
  name: string;

  @ApiProperty({ example: 'Minister of Foreign Affairs' })
  title: string;

  @ApiProperty({ example: 'Russian Federation' })
  organization: string;

  @ApiProperty({ nullable: true, type: String, example: 'RU', description: 'ISO 3166-1 alpha-2; null for international bodies' })
  country: string | null;

  @ApiProperty({ example: 'minister@mid.example' })
  email: string;

  @ApiProperty({ example: 'ru', description: 'BCP 47: picks the translation of a letter' })
  locale: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Europe/Moscow',
    description: "the IANA time zone a campaign's office hours (delivery.sendWindow) are read in for this official: see timeZoneSource; null: UTC",
  })
  timeZone: string | null;

  @ApiProperty({
    enum: ['target', 'country', 'none'],
    example: 'country',
    description:
      'where timeZone comes from: `target`, set on the official; `country`, the only zone of its country (not stored: it follows the country); `none`, neither (a country with several zones, or none): letters follow UTC until a timeZone is set',
  })
  timeZoneSource: TimeZoneSource;

  @ApiProperty({ example: true, description: 'false: deactivated, owed no new letters' })
  active: boolean;

  @ApiProperty({ type: [String], example: ['foreign-minister'], description: 'labels for finding officials: lower-case, each once, sorted' })
  tags: string[];

  @ApiProperty({ example: 0, description: 'hard bounces (5.x.x delivery status notifications) since the failing flag was last cleared' })
  hardBounces: number;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
    description:
      'set when the address reached BOUNCE_HARD_LIMIT hard bounces: letters owed to it are held (not sent, not cancelled) until a campaigner clears the flag',
  })
  failingSince: Date | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: null, description: 'when the last hard bounce came' })
  lastBounceAt: Date | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'the last hard bounce: status code and diagnostic, e.g. "5.1.1 smtp; 550 5.1.1 <…>: User unknown (reported by mx.example)"',
  })
  lastBounceReason: string | null;

  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:30:00.000Z' })
  updatedAt: Date;
}

export class TargetPage {
  @ApiProperty({ type: [TargetView] })
  items: TargetView[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'pass as `cursor` for the next page; null on the last page',
    example: 'WyJTZXJnZWkgTGF2cm92IiwiNWQxZjhhM2UiXQ',
  })
  nextCursor: string | null;
}

/** A target as the API shows it: its time zone the one its letters follow, and where it comes from. */
export function targetView(t: Target): TargetView {
  const { zone, source } = timeZoneOf(t);
  return { ...t, timeZone: zone, timeZoneSource: source };
}
