import { UnauthorizedException } from '@nestjs/common';

/**
 * A failed sign-in. Thrown (not answered) so that the login rate limit counts it; the console's
 * filter shows the form again with what was typed (never the password).
 */
export class SignInFailed extends UnauthorizedException {
  constructor(
    readonly email: string,
    readonly next: string,
  ) {
    super('Wrong email or password');
  }
}
