import { ApiProperty, PickType } from '@nestjs/swagger';
import { TargetView } from '../../targets/dto/target-view.dto.js';

/** A target whose address is failing, with what waits for it. */
export class FailingTargetView extends PickType(TargetView, [
  'id',
  'name',
  'title',
  'organization',
  'email',
  'active',
  'hardBounces',
  'failingSince',
  'lastBounceAt',
  'lastBounceReason',
] as const) {
  @ApiProperty({ example: 1520, description: 'letters owed to this address (queued or retrying), held until the flag is cleared' })
  heldLetters: number;

  @ApiProperty({ example: 2, description: 'campaigns with letters held for this address' })
  campaigns: number;
}

export class FailingTargetList {
  @ApiProperty({ type: [FailingTargetView], description: 'every failing target, the most recent first' })
  items: FailingTargetView[];
}

export class ClearedTargetView extends TargetView {
  @ApiProperty({ example: 1520, description: 'letters owed to this address that were handed to the queue again' })
  released: number;
}
