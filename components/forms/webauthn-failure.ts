/** What a person is told when the browser's passkey ceremony fails (cancelled, timed out, unsupported…). */
export function webAuthnFailure(failure: unknown, ceremony: "register" | "sign-in"): string {
  const name = failure instanceof Error ? ((failure as { code?: string }).code ?? failure.name) : "";
  if (name === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") {
    return "This device already holds a passkey for your account.";
  }
  if (name === "ERROR_CEREMONY_ABORTED" || name === "NotAllowedError" || name === "AbortError") {
    return ceremony === "register"
      ? "No passkey was created: the request was cancelled or timed out. Try again."
      : "No passkey was used: the request was cancelled or timed out. Try again.";
  }
  if (typeof window !== "undefined" && !window.PublicKeyCredential) return "This browser does not support passkeys.";
  return ceremony === "register" ? "The passkey could not be created. Try again." : "The passkey could not be used. Try again.";
}
