import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { BadInputError } from '../errors/domain-errors';

/**
 * Checks a bare `ID` argument the way input types check theirs with @IsUUID(). Every id here is a
 * uuid, and PostgreSQL answers any other text compared with a uuid column with an error (invalid
 * input syntax for type uuid) that would otherwise reach the client as INTERNAL_SERVER_ERROR.
 */
@Injectable()
export class UuidArgPipe implements PipeTransform<unknown, unknown> {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const field = metadata.data ?? 'id';
    if (!isUUID(value)) throw BadInputError.field(field, 'must be a UUID');
    return value;
  }
}
