"use client";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { callAction } from "@/components/forms/call-action";
import { useSavedValue } from "@/components/forms/use-saved-value";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { setOrganizationSecurityAction } from "./actions";

/**
 * "Require two-factor sign-in for administrators". An administrator without a second factor of their own is told
 * to set one up first (the server refuses to turn it on for them, so they are not locked out of this page).
 */
export function SecurityForm({
  requireAdminTwoFactor,
  canChange,
  ownSecondFactor,
}: {
  requireAdminTwoFactor: boolean;
  canChange: boolean;
  ownSecondFactor: boolean;
}) {
  const [checked, setChecked] = useState(requireAdminTwoFactor);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const [saved, markSaved] = useSavedValue(requireAdminTwoFactor);
  const changed = checked !== saved;
  const guard = useUnsavedChanges(canChange && changed);
  return (
    <form
      method="post"
      className="mt-4 grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        startTransition(async () => {
          const result = await callAction(() => setOrganizationSecurityAction({ requireAdminTwoFactor: checked }));
          if (!result.ok) return void setError(Object.values(result.fieldErrors ?? {})[0]?.[0] ?? result.message);
          markSaved(checked);
          toast.success(checked ? "Administrators now sign in with a second factor." : "A second factor is no longer required.");
          router.refresh();
        });
      }}
    >
      {guard.dialog}
      <div className="flex items-start gap-3">
        <Checkbox
          id="require-admin-two-factor"
          checked={checked}
          disabled={!canChange || pending}
          onCheckedChange={(value) => setChecked(value === true)}
          aria-describedby="require-admin-two-factor-hint"
          className="mt-0.5"
        />
        <div className="grid gap-1">
          <Label htmlFor="require-admin-two-factor">Require two-factor sign-in for administrators</Label>
          <p id="require-admin-two-factor-hint" className="text-sm text-slate-600">
            Project Administrators, organization administrators and anyone who manages members, roles or API tokens must sign in with a
            second factor (an authenticator app or a passkey). One who has not set one up is sent to do so before anything else, and cannot
            remove their last one.
          </p>
        </div>
      </div>
      {canChange && checked && !requireAdminTwoFactor && !ownSecondFactor && (
        <p className="text-sm text-amber-800">Set up two-factor sign-in for yourself first (user menu → Two-factor sign-in).</p>
      )}
      <p role="status" aria-live="polite" className="text-sm text-red-700 empty:hidden">
        {error}
      </p>
      {canChange && (
        <div>
          <Button type="submit" disabled={pending || !changed}>
            {pending && <Loader2 className="animate-spin" aria-hidden />}
            Save requirement
          </Button>
        </div>
      )}
    </form>
  );
}
