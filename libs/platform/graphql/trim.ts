import { Transform } from 'class-transformer';

/** Trims surrounding white space of a string input before validation. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
