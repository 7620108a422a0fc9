"use client";
import { callAction } from "@/components/forms/call-action";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { CopyField, useShownOnce } from "@/components/copy-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { reissueInvitationAction } from "./actions";

/** Organization administrators: a new invitation link for someone who has not chosen a password yet. */
export function ReissueLinkButton({ userId, email }: { userId: string; email: string }) {
  const [link, setLink] = useState<string | null>(null);
  const once = useShownOnce();
  const [pending, startTransition] = useTransition();
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        disabled={pending}
        aria-label={`New invitation link for ${email}`}
        onClick={() =>
          startTransition(async () => {
            const result = await callAction(() => reissueInvitationAction({ userId }));
            if (result.ok) setLink(result.invitationUrl);
            else toast.error(result.message);
          })
        }
      >
        New invitation link
      </Button>
      <Dialog open={link !== null} onOpenChange={(open) => !open && once.guardClose(link !== null, () => setLink(null))}>
        <DialogContent>
          <DialogTitle>New invitation link</DialogTitle>
          <DialogDescription>For {email}. Earlier links no longer work. This one works once and expires in 7 days.</DialogDescription>
          {link && <CopyField label="Invitation link" value={link} onCopied={once.markCopied} />}
          {once.dialog}
        </DialogContent>
      </Dialog>
    </>
  );
}
