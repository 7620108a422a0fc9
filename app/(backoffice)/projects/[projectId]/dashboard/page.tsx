import type { Metadata } from "next";
import { ActivityList } from "@/components/activity/activity-list";
import { Activity, KeyRound, Ticket, Users } from "lucide-react";
import Link from "next/link";
import { ReadsChart } from "@/components/dashboard/reads-chart";
import { PageHeader } from "@/components/page-header";
import { ExpiryBadge } from "@/components/secrets/expiry-badge";
import { StatusBadge } from "@/components/secrets/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/authz/policy";
import { requireProjectPage } from "@/lib/authz/session";
import { getProjectDashboard } from "@/lib/projects/dashboard";
import { dayOfExpiry, EXPIRY_WARNING_DAYS } from "@/lib/secrets/rules";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project, grant } = await requireProjectPage(projectId);
  const canSeeActivity = can(grant, "requests.view");
  const figures = await getProjectDashboard(project.id);

  return (
    <>
      <PageHeader title="Dashboard" description={`An overview of ${project.name}.`} />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Figure
          label="Members"
          value={figures.members}
          icon={Users}
          detail={`${figures.administrators} administrator${figures.administrators === 1 ? "" : "s"}`}
        />
        <Figure
          label="Secrets"
          value={figures.secretTotal}
          icon={KeyRound}
          detail={`${figures.secrets.ACTIVE} active · ${figures.secrets.INACTIVE} inactive · ${figures.secrets.REVOKED} revoked`}
        />
        <Figure label="Active API tokens" value={figures.activeTokens} icon={Ticket} detail="Not expired or revoked" />
        <Figure label="Audit events" value={figures.eventsThisWeek} icon={Activity} detail="In the last 7 days" />
      </div>
      <div className="mt-6 grid gap-6 xl:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader>
            <CardTitle>Secret reads</CardTitle>
          </CardHeader>
          <CardContent>
            <ReadsChart days={figures.readsPerDay} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Tool settings</CardTitle>
          </CardHeader>
          <CardContent>
            {figures.brokenTools.length === 0 ? (
              <p className="text-sm text-slate-600">Every tool has its required settings, and every secret reference resolves.</p>
            ) : (
              <ul className="grid gap-2 text-sm" aria-label="Tools that need attention">
                {figures.brokenTools.map((tool) => (
                  <li key={tool.key} className="flex items-center justify-between gap-3">
                    <Link href={`/projects/${project.id}/tools/${tool.key}`} className="font-medium text-primary hover:underline">
                      {tool.name}
                    </Link>
                    <Badge tone={tool.state === "broken" ? "danger" : "warning"}>
                      {tool.state === "broken" ? "Broken reference" : "Incomplete"}
                    </Badge>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Expiring soon</CardTitle>
        </CardHeader>
        <CardContent className="p-0">
          {figures.expiring.length === 0 ? (
            <p className="px-5 py-6 text-center text-sm text-slate-500">
              No secret has expired or expires in the next {EXPIRY_WARNING_DAYS} days.
            </p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Expiring soon">
              {figures.expiring.map((secret) => (
                <li key={secret.id} className="flex items-center gap-3 px-5 py-3 text-sm">
                  <Link
                    href={`/projects/${project.id}/secrets/${secret.id}`}
                    className="min-w-0 flex-1 truncate font-medium text-primary hover:underline"
                  >
                    {secret.name}
                  </Link>
                  <StatusBadge status={secret.status} />
                  <ExpiryBadge expiresAt={secret.expiresAt} />
                  <span className="w-24 text-right text-xs tabular-nums text-slate-500">{dayOfExpiry(secret.expiresAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card className="mt-6">
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle>Recent activity</CardTitle>
          {canSeeActivity && (
            <Link href={`/projects/${project.id}/activity`} className="text-sm text-primary hover:underline">
              All activity
            </Link>
          )}
        </CardHeader>
        <CardContent className="p-0">
          <ActivityList entries={figures.recent} label="Recent activity" empty="Nothing has happened in this project yet." />
        </CardContent>
      </Card>
    </>
  );
}

function Figure({ label, value, detail, icon: Icon }: { label: string; value: number; detail: string; icon: typeof Users }) {
  return (
    <Card>
      <CardContent className="flex items-start justify-between gap-3">
        <div>
          <p className="text-sm text-slate-600">{label}</p>
          <p className="mt-1 text-3xl font-semibold tabular-nums text-slate-900" aria-label={`${label}: ${value}`}>
            {value}
          </p>
          <p className="mt-1 text-xs text-slate-500">{detail}</p>
        </div>
        <span className="rounded-md bg-indigo-50 p-2 text-primary">
          <Icon className="size-5" aria-hidden />
        </span>
      </CardContent>
    </Card>
  );
}
