"use client";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { callAction } from "@/components/forms/call-action";
import { useSavedValue } from "@/components/forms/use-saved-value";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { setSsoSignUpDomainsAction } from "./actions";

/**
 * "Allow sign-up from these domains": people whose identity provider verified an email at one of them join the
 * organization at their first single sign-on. What was typed stays in the field when the save is refused.
 */
export function SsoDomainsForm({ domains, canChange }: { domains: string[]; canChange: boolean }) {
  const given = domains.join(", ");
  const [value, setValue] = useState(given);
  const [saved, markSaved] = useSavedValue(given);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const guard = useUnsavedChanges(canChange && value.trim() !== saved);
  return (
    <form
      method="post"
      className="mt-4 grid gap-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        startTransition(async () => {
          const result = await callAction(() => setSsoSignUpDomainsAction({ domains: value }));
          if (!result.ok) return void setError(result.fieldErrors?.domains?.[0] ?? result.message);
          const stored = result.domains.join(", ");
          setValue(stored);
          markSaved(stored);
          toast.success(result.domains.length ? "Sign-up domains saved." : "Sign-up by domain is off.");
          router.refresh();
        });
      }}
    >
      {guard.dialog}
      <FormField
        id="sso-domains"
        label="Allow sign-up from these email domains"
        hint="Separated by commas, e.g. example.com: your administrators' own email domains, never a public mail service. Someone from one of them with no account here becomes a member at their first single sign-on. Leave empty to admit invited people only."
        error={error ?? undefined}
      >
        <Input value={value} onChange={(event) => setValue(event.target.value)} disabled={!canChange || pending} spellCheck={false} />
      </FormField>
      {canChange && (
        <div>
          <Button type="submit" disabled={pending || value.trim() === saved}>
            {pending && <Loader2 className="animate-spin" aria-hidden />}
            Save domains
          </Button>
        </div>
      )}
    </form>
  );
}
