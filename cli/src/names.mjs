// @ts-check

/**
 * How a secret's name (or a tool parameter's key) becomes an environment
 * variable's name: a lower-case letter (and the digits after it) followed by
 * a capital gets an underscore between them (apiKey → api_Key, v2Token →
 * v2_Token; a name already in capitals, CLI_E2E_ONE, keeps its shape), letters are upper-cased,
 * every run of characters other than A–Z and 0–9 becomes one underscore,
 * underscores at either end go, and a name that starts with a digit gets
 * a leading underscore. "My API key" → MY_API_KEY, "apiKey" → API_KEY,
 * "stripe.secret-key" → STRIPE_SECRET_KEY, "2fa seed" → _2FA_SEED.
 *
 * @param {string} name
 */
export function variableName(name) {
  return name
    .replace(/([a-z][0-9]*)([A-Z])/g, "$1_$2")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^(?=[0-9])/, "_");
}

/**
 * The variables for named values; two names that map to one variable, or a
 * name that maps to none, are an error naming them.
 *
 * @param {{ name: string; value: string }[]} entries
 * @returns {{ ok: true; variables: Record<string, string> } | { ok: false; message: string }}
 */
export function toVariables(entries) {
  /** @type {Map<string, string>} */
  const owner = new Map();
  /** @type {Record<string, string>} */
  const variables = {};
  for (const { name, value } of entries) {
    const variable = variableName(name);
    if (!variable) return { ok: false, message: `"${name}" has no letter or digit to name an environment variable after.` };
    const taken = owner.get(variable);
    if (taken !== undefined) return { ok: false, message: `"${taken}" and "${name}" both map to the variable ${variable}; rename one.` };
    owner.set(variable, name);
    variables[variable] = value;
  }
  return { ok: true, variables };
}
