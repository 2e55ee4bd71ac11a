"""Who may call which method of the investment service (deny by default; DESIGN §3 Auth).

Roles get these permissions in the component catalogue (jlp_common/components.yaml `grants`).
Site and reference data are public: the bureau publishes its land and building offer to
investors; who a site is reserved for is shown only to holders of project.read.
"""

from __future__ import annotations

from jlp_common.auth import AUTHENTICATED, PUBLIC

INVESTOR_READ, INVESTOR_WRITE = "investment:investor.read", "investment:investor.write"
INVESTOR_MERGE = "investment:investor.merge"
CONTACT_READ = "investment:investor.contact.read"  # unmasked contact name and phone
PROJECT_READ, PROJECT_WRITE = "investment:project.read", "investment:project.write"
PROJECT_OVERRIDE = "investment:project.override"  # skip / go back a stage, restore a lost project
SITE_WRITE = "investment:site.write"
STAGE_CONFIGURE = "investment:stage.configure"
FUNNEL_READ = "investment:funnel.read"
# Yes/no questions about persons for a stated purpose (poverty-aid checks): counts only.
ENTERPRISE_CHECK = "investment:enterprise.check"

# Checked inside handlers (besides the method table): unmasking contacts, skip/back on advance.
CHECKED_IN_HANDLERS = (CONTACT_READ, PROJECT_OVERRIDE)

INVESTMENT_SERVICE = {
    "CreateInvestor": INVESTOR_WRITE,
    "GetInvestor": INVESTOR_READ,
    "ListInvestors": INVESTOR_READ,
    "UpdateInvestor": INVESTOR_WRITE,
    "MergeInvestors": INVESTOR_MERGE,
    "CreateProject": PROJECT_WRITE,
    "GetProject": PROJECT_READ,
    "ListProjects": PROJECT_READ,
    "UpdateProject": PROJECT_WRITE,
    "AdvanceProject": PROJECT_WRITE,
    "MarkProjectLost": PROJECT_WRITE,
    "RestoreProject": PROJECT_OVERRIDE,
    "MatchSites": PROJECT_READ,
    "CreateSupervisionItem": PROJECT_WRITE,
    "ListSupervisionItems": PROJECT_READ,
    "UpdateSupervisionItem": PROJECT_WRITE,
    "CreateSite": SITE_WRITE,
    "GetSite": PUBLIC,
    "ListSites": PUBLIC,
    "GetSitesGeoJson": PUBLIC,
    "UpdateSite": SITE_WRITE,
    "ReserveSite": PROJECT_WRITE,
    "ReleaseSite": PROJECT_WRITE,
    "TransferSite": SITE_WRITE,
    "ListParks": PUBLIC,
    "ListIndustryChains": PUBLIC,
    "GetStageConfig": AUTHENTICATED,
    "ListStageConfigs": AUTHENTICATED,
    "CreateStageConfig": STAGE_CONFIGURE,
    "GetFunnel": FUNNEL_READ,
    "CheckPersonEnterprises": ENTERPRISE_CHECK,
}

POLICY = {"InvestmentService": INVESTMENT_SERVICE}
