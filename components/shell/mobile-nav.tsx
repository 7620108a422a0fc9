"use client";
import { Menu, XIcon } from "lucide-react";
import { usePathname } from "next/navigation";
import { Dialog as DialogPrimitive } from "radix-ui";
import { useState } from "react";
import { SidebarNav, type SidebarProps } from "./sidebar";

/** Below 768 px: the menu button that opens the sidebar as a drawer, closed again by any navigation. */
export function MobileNav(props: SidebarProps) {
  const [open, setOpen] = useState<string | null>(null);
  const pathname = usePathname();
  // Open only for the page it was opened on: following a link closes it.
  const isOpen = open === pathname;
  return (
    <DialogPrimitive.Root open={isOpen} onOpenChange={(next) => setOpen(next ? pathname : null)}>
      <DialogPrimitive.Trigger
        aria-label="Open menu"
        className="flex size-9 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-primary md:hidden"
      >
        <Menu className="size-5" aria-hidden />
      </DialogPrimitive.Trigger>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-slate-900/40 md:hidden" />
        <DialogPrimitive.Content className="fixed inset-y-0 left-0 z-50 w-72 max-w-[85vw] overflow-y-auto bg-white shadow-xl focus:outline-none md:hidden">
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
            <DialogPrimitive.Title className="text-sm font-semibold text-slate-900">Menu</DialogPrimitive.Title>
            <DialogPrimitive.Close
              aria-label="Close menu"
              className="flex size-8 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-primary"
            >
              <XIcon className="size-4" aria-hidden />
            </DialogPrimitive.Close>
          </div>
          <DialogPrimitive.Description className="sr-only">The backoffice&apos;s sections.</DialogPrimitive.Description>
          <SidebarNav {...props} />
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
