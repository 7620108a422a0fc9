/** The largest JSON body the REST API reads (the front listener stops reading past it). */
export const MAX_BODY_BYTES = 128 * 1024;
