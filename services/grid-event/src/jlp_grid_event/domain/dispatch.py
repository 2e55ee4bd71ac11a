"""Automatic dispatch: category → department, grid → grid worker; a dispatcher may override.

Reference §4: the command centre (指挥中心) sends a case to the responsible unit; the
category's default department is that unit unless the dispatcher decides otherwise, and the
grid's worker (信息采集员) follows the case up on site.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Assignment:
    department_id: str
    assignee_id: str
    manual: bool


def assign(category_department: str, grid_worker: str, override_department: str = "",
           override_assignee: str = "") -> Assignment:
    """Who gets the case; `manual` records that a dispatcher overrode the rule."""
    department = override_department.strip() or category_department
    assignee = override_assignee.strip() or grid_worker
    manual = bool(override_department.strip() and override_department.strip() != category_department) \
        or bool(override_assignee.strip() and override_assignee.strip() != grid_worker)
    return Assignment(department, assignee, manual)
