/** The commented config template `hybridscan init` writes. It must stay valid for the schema. */
export const CONFIG_TEMPLATE = `# hybridscan configuration — every key is documented in the README.
# Secrets come only from environment variables (\${NAME}), never from this file or from flags.

# The tenant: its initial domain (contoso.onmicrosoft.com) or its GUID.
tenant: contoso.onmicrosoft.com

# Extra mail domains to check (verified tenant domains and on-prem accepted domains are found anyway).
domains:
  - contoso.com

# Microsoft Graph, read with an app registration (application permissions; see \`hybridscan permissions\`).
graph:
  clientId: 00000000-0000-0000-0000-000000000000
  clientSecret: \${HYBRIDSCAN_CLIENT_SECRET}
  # Or a certificate instead of the secret:
  # certificate: { certFile: scan.pem, keyFile: scan.key }
  # Or delegated sign-in (a code is printed to stderr):
  # deviceCode: true
  # Throttling and paging (defaults shown):
  # concurrency: 4
  # maxAttempts: 6
  # maxRetryWaitMs: 60000
  # maxMailboxProbes: 40

# On-premises Active Directory: LDAPS, or ldap:// with startTls: true.
# ldap:
#   url: ldaps://dc01.corp.contoso.com
#   bindDn: scanner@corp.contoso.com
#   password: \${HYBRIDSCAN_LDAP_PASSWORD}
#   caFile: corp-ca.pem

# DNS resolvers (default: the system's).
# dns:
#   servers: ["1.1.1.1"]
#   timeoutMs: 3000

# The archive: the app registration it uses and the Gateway's external journal address.
mailstore:
  appId: 00000000-0000-0000-0000-000000000000
  gatewayAddress: journal@gateway.example.net

# Sample users for the Autodiscover probes (picked automatically when left out).
# probes:
#   onPremisesMailbox: alice@contoso.com
#   cloudMailbox: bob@contoso.com

# Exchange Online. Read live (Exchange Online Admin API, app-only, with the graph app's
# credentials: needs Exchange.ManageAsAppV2 + a read-only Exchange RBAC role, see README), or from
# an export folder (Get-JournalRule / Get-TransportConfig / ... as JSON). Live wins over the export.
# exchangeOnline:
#   exportDir: ./exo-export      # fallback for what live does not read
#   live: true                   # default: true when graph has clientSecret or certificate
#   invokeCommand: false         # opt-in, unofficial: journal rules, transport config, connectors
#                                # (Exchange.ManageAsApp + Global Reader); read-only Get-* only
#   timeoutMs: 30000             # per request
#   overallTimeoutMs: 300000     # whole Exchange Online read
#   pageSize: 1000               # mailboxes per page (at most 1000)

# Per-check severity (off | info | warn | fail), ESLint-style:
# checks:
#   dns.dmarc: warn

# Accepted risks, each with a reason and an expiry date:
# exceptions:
#   - { check: dns.dmarc, target: contoso.com, reason: "DMARC rollout in Q1", expires: 2027-03-31 }
`;
