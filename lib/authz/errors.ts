/** A signed-in user asked for something the policy does not allow. */
export class ForbiddenError extends Error {
  constructor(message = "You do not have permission to do this.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** An administrator whose organization requires a second factor has none yet: refused until they set one up. */
export class SecondFactorRequiredError extends ForbiddenError {
  constructor() {
    super("Your organization requires two-factor sign-in for administrators. Set it up first (user menu → Two-factor sign-in).");
    this.name = "SecondFactorRequiredError";
  }
}

/** No session, or the session's user no longer exists. */
export class UnauthenticatedError extends Error {
  constructor(message = "Your session has ended. Sign in again.") {
    super(message);
    this.name = "UnauthenticatedError";
  }
}

/** The resource does not exist, or the caller may not know that it does. */
export class NotFoundError extends Error {
  constructor(message = "Not found.") {
    super(message);
    this.name = "NotFoundError";
  }
}
