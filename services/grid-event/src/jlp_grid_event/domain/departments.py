"""Handling departments the default dispatch rules name: identity's department codes
(services/identity/src/jlp_identity/domain/departments.py — bureau slugs; subdistricts and towns
use their division codes). The district operations centre (区城市运行和治理中心, the command
centre of the workflow) receives escalations of overdue cases.
"""

from __future__ import annotations

URBAN_MANAGEMENT = "bureau-city-management"  # 城市管理局 (城管)
HOUSING_CONSTRUCTION = "bureau-housing-construction"  # 住房城乡建委
ECOLOGY_ENVIRONMENT = "bureau-ecology-environment"  # 生态环境局
WATER = "bureau-water"  # 水利局
EMERGENCY = "bureau-emergency-management"  # 应急管理局
PUBLIC_SECURITY = "bureau-public-security"  # 公安分局 (traffic police, order)
MARKET_REGULATION = "bureau-market-regulation"  # 市场监管局
CIVIL_AFFAIRS = "bureau-civil-affairs"  # 民政局
CULTURE_TOURISM = "bureau-culture-tourism"  # 区文化旅游委 (supervises the scenic areas)
COMMAND_CENTER = "ops-center"  # 区城市运行和治理中心
