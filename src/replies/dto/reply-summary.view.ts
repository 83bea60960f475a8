import { ApiProperty } from '@nestjs/swagger';
import { CAMPAIGN_TARGET_STATUSES, type CampaignTargetStatus } from '../../campaigns/campaign-target.entity.js';
import { STANCES, type Stance } from '../reply.entity.js';

/** Where a campaign stands with one official it wrote to: letters sent, answers, stance. */
export class TargetReplySummary {
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f' }) id: string;
  @ApiProperty({ example: 'Sergei Lavrov' }) name: string;
  @ApiProperty({ example: 'Minister of Foreign Affairs' }) title: string;
  @ApiProperty({ example: 'Russian Federation' }) organization: string;
  @ApiProperty({ enum: CAMPAIGN_TARGET_STATUSES, example: 'launched' }) status: CampaignTargetStatus;
  @ApiProperty({ example: 10482, description: 'letters of this campaign accepted by its mail server (sent)' }) lettersSent: number;
  @ApiProperty({ example: 3, description: 'replies from a person (acknowledgement, substantive, or not read yet): automatic ones not counted' })
  replies: number;
  @ApiProperty({ example: 12, description: 'automatic replies (out of office…)' }) autoReplies: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2012-02-09T10:12:03.000Z', description: 'the last reply from a person' })
  lastReplyAt: Date | null;
  @ApiProperty({ enum: STANCES, nullable: true, example: 'undecided', description: 'the stance of its latest reply that has one; null: none judged' })
  stance: Stance | null;
  @ApiProperty({ example: true, description: 'at least one reply from a person' }) responded: boolean;
}

export class ReplySummary {
  @ApiProperty({ type: [TargetReplySummary], description: 'the targets the campaign has launched (now or before), in the order they were attached' })
  targets: TargetReplySummary[];
}
