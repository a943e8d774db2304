import { Field, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from '@platform/graphql/trim';

@InputType({ description: 'Why a record is voided: it stays in the history and stops counting' })
export class VoidInput {
  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'reason must not be empty' })
  @MaxLength(500)
  reason: string;
}
