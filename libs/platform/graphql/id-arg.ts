import { Args, ID } from '@nestjs/graphql';
import { UuidArgPipe } from './uuid-arg.pipe';

/** An `ID!` argument checked to be a UUID before any resolver sees it. */
export const IdArg = (name: string) => Args(name, { type: () => ID }, UuidArgPipe);
