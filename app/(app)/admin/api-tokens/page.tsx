import type { Metadata } from "next";
import Link from "next/link";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { CreateServiceTokenForm } from "@/components/api-tokens/token-forms";
import { TokenTable } from "@/components/api-tokens/token-table";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { listServiceTokens } from "@/lib/api-tokens/commands";
import { requireUser } from "@/lib/auth/guard";
import { SERVICE_SCOPE_LABELS, SERVICE_SCOPES } from "@/lib/permissions";
import { getTimeZone } from "@/lib/settings";
import { createServiceTokenAction, revokeServiceTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

export default async function ApiTokensPage() {
  const actor = await requireUser("api_tokens.manage");
  const [tokens, timeZone] = await Promise.all([listServiceTokens({ actor }), getTimeZone()]);
  return (
    <>
      <PageHeader title="Admin" description={<>Service tokens let another system read Throughline, or send it customer signals, through the <Link className="underline" href="/api-reference">REST API</Link>.</>} />
      <AdminTabs current="/admin/api-tokens" />
      <Card aria-labelledby="service-tokens" className="space-y-4">
        <CardTitle id="service-tokens" description="A service token is no person: it holds only its scopes, reads (its one write is recording customer signals, with that scope), and keeps working until it expires or is revoked. People create personal tokens on their account page.">
          Service tokens
        </CardTitle>
        <TokenTable caption="Service tokens" tokens={tokens} timeZone={timeZone} revoke={revokeServiceTokenAction} showScopes />
      </Card>
      <Card aria-labelledby="new-service-token" className="mt-6 max-w-xl">
        <CardTitle id="new-service-token">New service token</CardTitle>
        <CreateServiceTokenForm action={createServiceTokenAction} scopes={SERVICE_SCOPES.map((s) => ({ value: s, label: SERVICE_SCOPE_LABELS[s] }))} />
      </Card>
    </>
  );
}
