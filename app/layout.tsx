import type { Metadata } from "next";
import { connection } from "next/server";
import { Toaster } from "sonner";
import { HydrationMark } from "@/components/hydration-mark";
import { TooltipProvider } from "@/components/ui/tooltip";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Enterprise AI — Backoffice", template: "%s · Enterprise AI" },
  description: "Project secrets for the Enterprise AI platform.",
  icons: { icon: "/favicon.svg" },
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request, every page: the Content Security Policy's nonce (proxy.ts) is new each time.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <TooltipProvider>{children}</TooltipProvider>
        <Toaster position="bottom-right" richColors closeButton />
        <HydrationMark />
      </body>
    </html>
  );
}
