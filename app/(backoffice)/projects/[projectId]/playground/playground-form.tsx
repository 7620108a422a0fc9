"use client";
import { callAction } from "@/components/forms/call-action";
import { Loader2, Play } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { PlaygroundParameter } from "@/lib/tools/playground";
import { runPlaygroundAction } from "./actions";
import { ResolutionTable } from "./columns";

export function PlaygroundForm({
  projectId,
  tools,
  tokens,
  initialTool,
}: {
  projectId: string;
  tools: { key: string; name: string }[];
  tokens: { id: string; name: string }[];
  initialTool?: string;
}) {
  const [tool, setTool] = useState(initialTool ?? tools[0]?.key ?? "");
  const [token, setToken] = useState(tokens[0]?.id ?? "");
  const [result, setResult] = useState<{ complete: boolean; parameters: PlaygroundParameter[] } | null>(null);
  const [pending, startTransition] = useTransition();

  if (tokens.length === 0) {
    return (
      <Card className="p-6 text-sm text-slate-600">
        The project has no active API token.{" "}
        <Link href={`/projects/${projectId}/api-tokens`} className="text-primary underline underline-offset-2">
          Create one
        </Link>{" "}
        to try a resolution.
      </Card>
    );
  }

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor="pg-tool">Tool</Label>
          <Select value={tool} onValueChange={setTool}>
            <SelectTrigger id="pg-tool" className="w-52">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {tools.map((t) => (
                <SelectItem key={t.key} value={t.key}>
                  {t.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="pg-token">API token</Label>
          <Select value={token} onValueChange={setToken}>
            <SelectTrigger id="pg-token" className="w-64">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {tokens.map((t) => (
                <SelectItem key={t.id} value={t.id}>
                  {t.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <Button
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const response = await callAction(() => runPlaygroundAction(projectId, { toolKey: tool, tokenId: token }));
              if (!response.ok) {
                toast.error(response.message);
                setResult(null);
                return;
              }
              setResult({ complete: response.complete, parameters: response.parameters });
            })
          }
        >
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Play aria-hidden />} Resolve
        </Button>
      </div>
      {result && (
        <Card>
          <p className="border-b border-slate-100 px-4 py-3 text-sm" role="status">
            {result.complete ? "Every required setting resolves for this token." : "Some settings do not resolve for this token."}
          </p>
          <ResolutionTable parameters={result.parameters} />
        </Card>
      )}
    </div>
  );
}
