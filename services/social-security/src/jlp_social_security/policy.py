"""Who may call which method of the social-security service (deny by default; DESIGN §3 Auth).

Roles get these permissions in the component catalogue (jlp_common/components.yaml `grants`).
Separation of duties: submitting and checking a claim (`claim.handle`) and deciding it
(`claim.decide`) are different permissions, and the domain also refuses an approver who
submitted the claim. Unmasked personal data needs `person.pii`, checked in the handler (the
masked view of the same method only needs `person.read`).
"""

from __future__ import annotations

from jlp_common.auth import AUTHENTICATED, PUBLIC

PERSON_READ, PERSON_WRITE, PERSON_PII = "social:person.read", "social:person.write", "social:person.pii"
HOUSEHOLD_READ, HOUSEHOLD_WRITE = "social:household.read", "social:household.write"
AUDIT_READ = "social:audit.read"
ENROLMENT_READ, ENROLMENT_WRITE = "social:enrolment.read", "social:enrolment.write"
CONTRIBUTION_READ, CONTRIBUTION_RUN = "social:contribution.read", "social:contribution.run"
CLAIM_READ, CLAIM_HANDLE, CLAIM_DECIDE, CLAIM_PAY = (
    "social:claim.read", "social:claim.handle", "social:claim.decide", "social:claim.pay")
AID_READ, AID_CHECK = "social:aid.read", "social:aid.check"
CARE_READ, CARE_REQUEST, CARE_ASSIGN, CARE_SERVE, PROVIDER_ADMIN = (
    "social:care.read", "social:care.request", "social:care.assign", "social:care.serve", "social:provider.admin")

SOCIAL_SECURITY_SERVICE = {
    "CreatePerson": PERSON_WRITE,
    "GetPerson": PERSON_READ,
    "LookupPerson": PERSON_READ,
    "ListPersons": PERSON_READ,
    "UpdatePerson": PERSON_WRITE,
    "CreateHousehold": HOUSEHOLD_WRITE,
    "GetHousehold": HOUSEHOLD_READ,
    "ListHouseholds": HOUSEHOLD_READ,
    "UpdateHousehold": HOUSEHOLD_WRITE,
    "AddHouseholdMember": HOUSEHOLD_WRITE,
    "RemoveHouseholdMember": HOUSEHOLD_WRITE,
    "ChangeHouseholdHead": HOUSEHOLD_WRITE,
    "ListAuditRecords": AUDIT_READ,
    "CreateEnrolment": ENROLMENT_WRITE,
    "GetEnrolment": ENROLMENT_READ,
    "ListEnrolments": ENROLMENT_READ,
    "SuspendEnrolment": ENROLMENT_WRITE,
    "ResumeEnrolment": ENROLMENT_WRITE,
    "TerminateEnrolment": ENROLMENT_WRITE,
    "TransferEnrolment": ENROLMENT_WRITE,
    "CalculateContributions": PUBLIC,  # a pure calculation on the caller's own numbers
    "ListContributionRecords": CONTRIBUTION_READ,
    "GetContributionRecord": CONTRIBUTION_READ,
    "CreateContributionAdjustment": CONTRIBUTION_RUN,
    "CreateContributionRun": CONTRIBUTION_RUN,
    "GetContributionRun": CONTRIBUTION_READ,
    "ListContributionRuns": CONTRIBUTION_READ,
    "ListRateSchedules": PUBLIC,  # published rates
    "CreateClaim": CLAIM_HANDLE,
    "GetClaim": CLAIM_READ,
    "ListClaims": CLAIM_READ,
    "CheckClaim": CLAIM_HANDLE,
    "ApproveClaim": CLAIM_DECIDE,
    "RejectClaim": CLAIM_DECIDE,
    "PayClaim": CLAIM_PAY,
    "CreateAidCheck": AID_CHECK,
    "GetAidCheck": AID_READ,
    "ListAidChecks": AID_READ,
    "ListAidMonitoringRules": AUTHENTICATED,
    "CreateCareProvider": PROVIDER_ADMIN,
    "GetCareProvider": CARE_READ,
    "ListCareProviders": CARE_READ,
    "UpdateCareProvider": PROVIDER_ADMIN,
    "CreateCareRequest": CARE_REQUEST,
    "GetCareRequest": CARE_READ,
    "ListCareRequests": CARE_READ,
    "AssignCareRequest": CARE_ASSIGN,
    "AcceptCareRequest": CARE_SERVE,
    "DeclineCareRequest": CARE_SERVE,
    "CheckInCareVisit": CARE_SERVE,
    "CheckOutCareVisit": CARE_SERVE,
    "VerifyCareVisit": CARE_ASSIGN,
    "CompleteCareRequest": CARE_ASSIGN,
    "CancelCareRequest": CARE_REQUEST,
}

POLICY = {"SocialSecurityService": SOCIAL_SECURITY_SERVICE}
# Permissions a handler checks itself (the unmasked view); identity's tests see them granted.
CHECKED_IN_HANDLERS = frozenset({PERSON_PII})
