"""Who may call which method of grid-event's services (deny by default; DESIGN §3 Auth).

Permissions are granted to roles in the component catalogue (jlp_common/components.yaml).
"""

from __future__ import annotations

from jlp_common.auth import PUBLIC

GRID_POLICY = {"LocateGrid": PUBLIC, "GetGrid": "grid:grid.read", "ListGrids": "grid:grid.read",
               "ImportGrids": "grid:grid.admin"}
CASE_POLICY = {
    "CreateCase": "grid:case.report",
    "GetCase": "authenticated",  # staff with grid:case.read, or the case's own reporters
    "ListCases": "authenticated",  # without grid:case.read: only the caller's own reports
    "RegisterCase": "grid:case.register", "RejectCase": "grid:case.reject",
    "DispatchCase": "grid:case.dispatch", "StartCase": "grid:case.handle",
    "ResolveCase": "grid:case.handle", "ReturnCase": "grid:case.handle",
    "CloseCase": "grid:case.verify", "ReopenCase": "grid:case.verify",
    "CancelCase": "grid:case.cancel", "GetCaseStats": "grid:stats.read",
}
CATEGORY_POLICY = {"ListCategories": PUBLIC, "GetCategory": PUBLIC,
                   "CreateCategory": "grid:category.admin", "UpdateCategory": "grid:category.admin"}

# GeoReport v2: reads are public (redacted views only); a report needs a token, and only an
# open311_app client's is accepted (domain/open311.check_reporter).
OPEN311_POLICY = {"GetDiscovery": PUBLIC, "ListServices": PUBLIC, "GetServiceDefinition": PUBLIC,
                  "CreateServiceRequest": "grid:case.report", "ListServiceRequests": PUBLIC,
                  "GetServiceRequest": PUBLIC, "GetServiceRequestToken": PUBLIC}

POLICY = {"GridService": GRID_POLICY, "CaseService": CASE_POLICY, "CategoryService": CATEGORY_POLICY,
          "Open311Service": OPEN311_POLICY}
# Checked inside the handlers (what a caller may see or do depends on the case, not only on
# the method): reading others' cases, and the lifecycle permissions of each transition.
CHECKED_IN_HANDLERS = frozenset({
    "grid:case.read", "grid:case.dispatch", "grid:case.register", "grid:case.reject",
    "grid:case.handle", "grid:case.verify", "grid:case.cancel"})
