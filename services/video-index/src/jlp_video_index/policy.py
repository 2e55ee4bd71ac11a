"""Who may call which method of the video-index service (deny by default; DESIGN §3 Auth).

Roles get these permissions in the component catalogue (jlp_common/components.yaml `grants`):
video operators of public security and city management (department staff and admins), the
operations centre, analytics and device clients, the media server, auditors. Citizens get none.
Which cameras a caller sees inside a permitted method is the department grant
(domain/visibility.py), applied in every query.
"""

from __future__ import annotations

CAMERA_READ = "video:camera.read"
CAMERA_READ_ALL = "video:camera.read_all"  # every department's cameras (operations centre)
CAMERA_ADMIN = "video:camera.admin"
KEEPALIVE_WRITE = "video:keepalive.write"
DETECTION_WRITE = "video:detection.write"
DETECTION_READ = "video:detection.read"
DETECTION_REVIEW = "video:detection.review"
DETECTION_EXPORT = "video:detection.export"
RULE_ADMIN = "video:rule.admin"
COVERAGE_READ = "video:coverage.read"
ACCESS_REQUEST = "video:access.request"
ACCESS_APPROVE = "video:access.approve"
PLAY_CHECK = "video:play.check"
AUDIT_READ = "video:audit.read"

VIDEO_INDEX_SERVICE = {
    "CreateCamera": CAMERA_ADMIN,
    "GetCamera": CAMERA_READ,
    "ListCameras": CAMERA_READ,
    "UpdateCamera": CAMERA_ADMIN,
    "ImportCameras": CAMERA_ADMIN,
    "ListQuarantinedCameras": CAMERA_ADMIN,
    "KeepaliveCameras": KEEPALIVE_WRITE,
    "ListStatusTransitions": CAMERA_READ,
    "GetAvailability": CAMERA_READ,
    "BatchCreateDetections": DETECTION_WRITE,
    "StreamDetections": DETECTION_WRITE,
    "GetDetection": DETECTION_READ,
    "ListDetections": DETECTION_READ,
    "SummarizeDetections": DETECTION_READ,
    "ReviewDetection": DETECTION_REVIEW,
    "ExportDetections": DETECTION_EXPORT,
    "CreateAlertRule": RULE_ADMIN,
    "GetAlertRule": DETECTION_READ,
    "ListAlertRules": DETECTION_READ,
    "UpdateAlertRule": RULE_ADMIN,
    "GetCoverage": COVERAGE_READ,
    "CreateAccessRequest": ACCESS_REQUEST,
    "GetAccessRequest": ACCESS_REQUEST,  # the handler also lets approvers and auditors read
    "ListAccessRequests": ACCESS_REQUEST,
    "ApproveAccessRequest": ACCESS_APPROVE,
    "DenyAccessRequest": ACCESS_APPROVE,
    "RevokeAccessRequest": ACCESS_APPROVE,
    "IssuePlayToken": ACCESS_REQUEST,
    "CheckPlay": PLAY_CHECK,
    "ListAuditRecords": AUDIT_READ,
    "VerifyAuditTrail": AUDIT_READ,
}

POLICY = {"VideoIndexService": VIDEO_INDEX_SERVICE}
# Permissions a handler checks itself (beyond the method's): the camera grant.
CHECKED_IN_HANDLERS = frozenset({CAMERA_READ_ALL})
