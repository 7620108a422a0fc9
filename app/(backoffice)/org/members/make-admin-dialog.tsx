"use client";
import { callAction } from "@/components/forms/call-action";
import { ShieldPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { toast } from "sonner";
import { FormActions } from "@/components/forms/form-actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { makeProjectAdminAction } from "./actions";

type Option = { id: string; label: string };

export function MakeAdminDialog({ people, projects }: { people: Option[]; projects: Option[] }) {
  const [open, setOpen] = useState(false);
  const [userId, setUserId] = useState("");
  const [projectId, setProjectId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const guard = useUnsavedChanges(open && Boolean(userId || projectId));
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {guard.dialog}
      <DialogTrigger asChild>
        <Button>
          <ShieldPlus aria-hidden /> Make project administrator
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>Make project administrator</DialogTitle>
        <DialogDescription>The person becomes a Project Administrator of the project, joining it if needed.</DialogDescription>
        <Choice id="admin-person" label="Person" placeholder="Choose a person" options={people} value={userId} onChange={setUserId} />
        <Choice
          id="admin-project"
          label="Project"
          placeholder="Choose a project"
          options={projects}
          value={projectId}
          onChange={setProjectId}
        />
        <p role="status" aria-live="polite" className="text-sm text-red-700 empty:hidden">
          {error}
        </p>
        <FormActions
          submitLabel="Confirm"
          pending={pending}
          onCancel={() => setOpen(false)}
          onSubmit={() =>
            startTransition(async () => {
              const result = await callAction(() => makeProjectAdminAction({ userId, projectId }));
              if (!result.ok) {
                const message = Object.values(result.fieldErrors ?? {})[0]?.[0] ?? result.message;
                setError(message);
                return;
              }
              toast.success("Project Administrator added.");
              setOpen(false);
              setError(null);
              router.refresh();
            })
          }
        />
      </DialogContent>
    </Dialog>
  );
}

function Choice({
  id,
  label,
  placeholder,
  options,
  value,
  onChange,
}: {
  id: string;
  label: string;
  placeholder: string;
  options: { id: string; label: string }[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select value={value} onValueChange={onChange}>
        <SelectTrigger id={id}>
          <SelectValue placeholder={placeholder} />
        </SelectTrigger>
        <SelectContent>
          {options.map((o) => (
            <SelectItem key={o.id} value={o.id}>
              {o.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
