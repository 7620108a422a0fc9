/**
 * The platform's public tools, preconfigured in every project. A tool's
 * parameters are typed; a confidential one holds a secret reference (the
 * secret's exact name, the seed's `fromSecret`) and never a value.
 */
export type ParameterType = "text" | "number" | "boolean" | "choice" | "url";

export type ToolParameter = {
  key: string;
  label: string;
  type: ParameterType;
  required: boolean;
  /** Holds a secret reference instead of a value. */
  confidential?: boolean;
  description: string;
  default?: string;
  choices?: readonly string[];
  min?: number;
  max?: number;
};

export type ToolDefinition = { key: string; name: string; description: string; parameters: readonly ToolParameter[] };

export const TOOLS: readonly ToolDefinition[] = [
  {
    key: "web-search",
    name: "Web Search",
    description: "Searches the web and returns the top results to the assistant.",
    parameters: [
      {
        key: "provider",
        label: "Provider",
        type: "choice",
        required: true,
        choices: ["Bing", "Google", "Brave"],
        default: "Bing",
        description: "The search engine to query.",
      },
      { key: "apiKey", label: "API key", type: "text", required: true, confidential: true, description: "The provider's API key." },
      {
        key: "maxResults",
        label: "Maximum results",
        type: "number",
        required: true,
        default: "5",
        min: 1,
        max: 50,
        description: "How many results to return.",
      },
      { key: "safeSearch", label: "Safe search", type: "boolean", required: false, default: "true", description: "Filter adult content." },
    ],
  },
  {
    key: "web-scraper",
    name: "Web Scraper",
    description: "Fetches a page and extracts its readable text.",
    parameters: [
      {
        key: "userAgent",
        label: "User agent",
        type: "text",
        required: false,
        default: "EnterpriseAI-Scraper/1.0",
        description: "Sent with every request.",
      },
      {
        key: "timeoutSeconds",
        label: "Timeout (seconds)",
        type: "number",
        required: true,
        default: "15",
        min: 1,
        max: 120,
        description: "Gives up on slow pages.",
      },
      {
        key: "proxyApiKey",
        label: "Proxy API key",
        type: "text",
        required: false,
        confidential: true,
        description: "Optional key of a scraping proxy.",
      },
    ],
  },
  {
    key: "google-drive",
    name: "Google Drive",
    description: "Reads documents from a Google Drive folder.",
    parameters: [
      { key: "clientId", label: "OAuth client ID", type: "text", required: true, description: "The Google Cloud OAuth client." },
      {
        key: "clientSecret",
        label: "OAuth client secret",
        type: "text",
        required: true,
        confidential: true,
        description: "The OAuth client's secret.",
      },
      {
        key: "refreshToken",
        label: "Refresh token",
        type: "text",
        required: true,
        confidential: true,
        description: "A refresh token with Drive read access.",
      },
      { key: "folderId", label: "Folder ID", type: "text", required: false, description: "Limit reading to this folder." },
    ],
  },
  {
    key: "sharepoint",
    name: "SharePoint",
    description: "Reads documents from a SharePoint site.",
    parameters: [
      { key: "tenantId", label: "Tenant ID", type: "text", required: true, description: "The Microsoft Entra tenant." },
      { key: "clientId", label: "Client ID", type: "text", required: true, description: "The app registration." },
      {
        key: "clientSecret",
        label: "Client secret",
        type: "text",
        required: true,
        confidential: true,
        description: "The app registration's secret.",
      },
      {
        key: "siteUrl",
        label: "Site URL",
        type: "url",
        required: true,
        description: "For example https://contoso.sharepoint.com/sites/docs",
      },
    ],
  },
  {
    key: "http-api",
    name: "HTTP API",
    description: "Calls a REST endpoint of your own.",
    parameters: [
      { key: "baseUrl", label: "Base URL", type: "url", required: true, description: "Where requests go." },
      {
        key: "authScheme",
        label: "Authentication",
        type: "choice",
        required: true,
        choices: ["Bearer", "API key header", "None"],
        default: "Bearer",
        description: "How the token is sent.",
      },
      { key: "token", label: "Token", type: "text", required: false, confidential: true, description: "Sent as the scheme says." },
      {
        key: "timeoutSeconds",
        label: "Timeout (seconds)",
        type: "number",
        required: true,
        default: "30",
        min: 1,
        max: 300,
        description: "Gives up on slow calls.",
      },
    ],
  },
  {
    key: "amazon-s3",
    name: "Amazon S3",
    description: "Reads documents from an S3 bucket.",
    parameters: [
      { key: "bucket", label: "Bucket", type: "text", required: true, description: "The bucket's name." },
      { key: "region", label: "Region", type: "text", required: true, default: "us-east-1", description: "The bucket's AWS Region." },
      { key: "prefix", label: "Key prefix", type: "text", required: false, description: "Read only objects whose key starts with this." },
      {
        key: "accessKeyId",
        label: "Access key ID",
        type: "text",
        required: true,
        confidential: true,
        description: "The IAM access key's ID.",
      },
      {
        key: "secretAccessKey",
        label: "Secret access key",
        type: "text",
        required: true,
        confidential: true,
        description: "The IAM access key's secret.",
      },
      {
        key: "sessionToken",
        label: "Session token",
        type: "text",
        required: false,
        confidential: true,
        description: "Only for temporary credentials (AWS STS).",
      },
    ],
  },
];

export const TOOL_KEYS = TOOLS.map((t) => t.key);

export function findTool(key: string): ToolDefinition | undefined {
  return TOOLS.find((tool) => tool.key === key);
}
