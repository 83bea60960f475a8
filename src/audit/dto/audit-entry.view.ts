import { ApiProperty } from '@nestjs/swagger';

export class AuditEntryView {
  @ApiProperty({ format: 'uuid', example: 'c0a8012e-5b7d-4f0e-8e2a-1d3b4c5d6e7f' })
  id: string;

  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:30:00.000Z' })
  at: Date;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'the staff member; null for the system (automatic close, first start)',
    example: '3f1c7a52-8d0e-4b8e-9a53-0c2f5f1d9b41',
  })
  actorId: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'campaigner@amnesty.example' })
  actorEmail: string | null;

  @ApiProperty({
    example: 'target.launch',
    description: 'e.g. campaign.launch, campaign.pause, campaign.resume, campaign.close, target.launch, target.withdraw, user.create',
  })
  action: string;

  @ApiProperty({ example: 'campaign', description: 'what the action was done to: campaign, target, user, delivery, supporter' })
  subjectType: string;

  @ApiProperty({ nullable: true, type: String, example: '9b2e4c1d-6f3a-4e8b-b1d2-7c5a0e9f3a21' })
  subjectId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { targetId: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f' } })
  details: Record<string, unknown>;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] })
  items: AuditEntryView[];

  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` for the next (older) page; null on the last page', example: null })
  nextCursor: string | null;
}

export class AuditActions {
  @ApiProperty({
    type: [String],
    description: 'every action the log holds, in alphabetical order',
    example: ['campaign.create', 'campaign.launch', 'user.create'],
  })
  actions: string[];
}
