"""Handling departments the default dispatch rules name (identity department codes).

Bureaus use identity's slug convention (`bureau-…`); subdistricts and towns use their division
codes. The district command centre (指挥中心) receives escalations of overdue cases.
"""

from __future__ import annotations

URBAN_MANAGEMENT = "bureau-urban-management"  # 城市管理局 (城管)
HOUSING_CONSTRUCTION = "bureau-housing-construction"  # 住房城乡建委
ECOLOGY_ENVIRONMENT = "bureau-ecology-environment"  # 生态环境局
WATER = "bureau-water-resources"  # 水利局
EMERGENCY = "bureau-emergency-management"  # 应急管理局
PUBLIC_SECURITY = "bureau-public-security"  # 公安分局 (traffic police, order)
MARKET_REGULATION = "bureau-market-regulation"  # 市场监管局
CIVIL_AFFAIRS = "bureau-civil-affairs"  # 民政局
COMMAND_CENTER = "district-command-center"  # 区数字化城市运行和治理中心
