"""Which cameras a caller may see: the department grant applied inside every query.

Rules (issue 10: cameras are owned by departments and "networked and shared across
departments" under 雪亮工程; citizens see nothing):
* A holder of `video:camera.read_all` (the district operations centre) sees every camera.
* Anyone else sees the cameras their department owns;
* a public-security department also sees every camera networked to the public-security video
  platform (that is what "networked" means: shared with it);
* a subdistrict or town office (its department id is the 9-digit statistical code) also sees
  the cameras located in its subdistrict, for grid management.
* A caller without a department sees nothing (never "everything by default").
The scope is a value the store turns into query conditions (OR of the three), so paging and
counts never include a hidden camera; `visible` is the same rule for one camera.
"""

from __future__ import annotations

from dataclasses import dataclass

READ_ALL = "video:camera.read_all"
PUBLIC_SECURITY_DEPARTMENTS = frozenset({"bureau-public-security"})


@dataclass(frozen=True)
class CameraScope:
    all: bool = False
    owner_departments: frozenset[str] = frozenset()
    networked: bool = False  # also every networked camera
    subdistrict_code: str = ""  # also every camera located in this subdistrict

    @property
    def nothing(self) -> bool:
        return not (self.all or self.owner_departments or self.networked or self.subdistrict_code)


def is_subdistrict_office(department: str) -> bool:
    return len(department) == 9 and department.isdigit() and department.startswith("500107")


def scope_for(department: str, permissions: frozenset[str] | set[str],
              public_security: frozenset[str] = PUBLIC_SECURITY_DEPARTMENTS) -> CameraScope:
    """The cameras visible to a caller of `department` holding `permissions`."""
    if READ_ALL in permissions:
        return CameraScope(all=True)
    if not department:
        return CameraScope()
    return CameraScope(owner_departments=frozenset({department}), networked=department in public_security,
                       subdistrict_code=department if is_subdistrict_office(department) else "")


def visible(scope: CameraScope, owner_department_id: str, networked: bool, subdistrict_code: str) -> bool:
    if scope.all:
        return True
    return (owner_department_id in scope.owner_departments or (scope.networked and networked)
            or (bool(scope.subdistrict_code) and scope.subdistrict_code == subdistrict_code))
