/** zh-CN by default, English on request; every visible string goes through `t`. */

export type Lang = "zh-CN" | "en";

const zh = {
  title: "智汇九龙坡 · 运行指挥中心", subtitle: "一中心 · 全局一脑",
  signIn: "登录", signOut: "退出", username: "账号（手机号）", password: "密码", otp: "动态验证码（6 位）",
  otpNeeded: "该账号需要动态验证码，请输入认证器上的 6 位数字。",
  changePassword: "首次登录请修改初始密码", newPassword: "新密码", confirmPassword: "确认新密码", save: "保存并登录",
  passwordsDiffer: "两次输入的新密码不一致。", badCredentials: "账号或密码不正确。", locked: "登录失败次数过多，请稍后再试。",
  staffOnly: "运行指挥中心仅供工作人员使用：此账号没有查看权限。", networkError: "无法连接服务器，请稍后重试。",
  language: "English", languageLabel: "切换到英文",
  kpiOpen: "在办案件", kpiOverdue: "超期案件", kpiOnTime: "按期结案率", kpiTotal: "案件总数", kpiAlerts: "环境告警", kpiAqi: "最高 AQI",
  noData: "暂无数据", notDeployed: "未部署", unavailable: "服务暂不可用", noPermission: "无权查看",
  casesPanel: "城市管理案件", mapTitle: "各街镇在办案件", environmentPanel: "环境质量（HJ 633）",
  tourismPanel: "景区客流", videoPanel: "视频覆盖", investmentPanel: "招商漏斗", socialPanel: "社会保障",
  details: "查看明细", back: "返回总览", overdueList: "超期案件", openAlerts: "未解除告警",
  station: "站点", aqi: "AQI", category: "类别", primary: "首要污染物",
  live: "实时", liveOff: "实时更新已断开，正在重连…", liveConfigured: "实时更新未开启",
  status: "状态", subdistrict: "街镇", all: "全部", overdueOnly: "仅超期", filter: "筛选", created: "上报时间",
  category2: "类别", caseId: "编号", description: "描述", severity: "级别", raisedAt: "发生时间", value: "数值",
  unitsOf: "单元网格", showUnits: "显示单元网格", districtView: "全区", latestOf: "（最近 {n} 件）",
  occupancy: "在园人数/最大承载量", coverage: "每平方公里摄像机", funnel: "项目阶段", weighted: "加权在谈金额",
  careWaiting: "待响应照护", careOverdue: "超时照护", aidIncomplete: "未完成核查",
  insideNow: "在园人数", entriesToday: "今日入园", flowCurve: "今日客流曲线", spot: "景区", level: "预警等级", dailyLoad: "今日入园/日最大承载量",
  lvNormal: "正常", lvYellow: "黄色（80%）", lvOrange: "橙色（90%）", lvRed: "红色（100%）", salesStopped: "停止售票", oneOutOneIn: "出一进一",
  allLevels: "全部等级", atLeast: "不低于",
  camerasOffline: "离线摄像机", perKm2: "每平方公里", gap158: "距 158", gap205: "距 205", districtDensity: "全区密度", camera: "摄像机",
  online: "在线", offlineOnly: "仅离线", onlineOnly: "仅在线", cameraStatus: "状态", owner: "所属部门", more: "及更多",
  reached: "到达项目数", conversion: "转化率", staleProjects: "停滞项目", project: "项目", amountWan: "计划投资（万元）", stage: "阶段",
  probability: "成功概率", staleOnly: "仅停滞", industryChain: "产业链", wan: "万元", month: "月末",
  careEscalated: "已升级为案件", serviceType: "服务类型", dueTime: "响应时限", state: "状态", careRequests: "照护需求",
  liveEvents: "实时告警", evCrowding: "客流预警", evCrowdingCleared: "客流预警解除", evDetection: "视频告警", evOffline: "摄像机离线",
  evOnline: "摄像机恢复", evStage: "项目阶段变化", evEscalated: "照护超时升级",
  updated: "更新于", skip: "跳到主要内容", mapLabel: "九龙坡区各街镇在办案件分布图",
} as const;

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: "Smart Jiulongpo · Operations Centre", subtitle: "One centre, one district view",
  signIn: "Sign in", signOut: "Sign out", username: "Account (mobile number)", password: "Password", otp: "One-time code (6 digits)",
  otpNeeded: "This account needs a one-time code: enter the 6 digits from your authenticator.",
  changePassword: "First sign-in: change the initial password", newPassword: "New password", confirmPassword: "Confirm new password", save: "Save and sign in",
  passwordsDiffer: "The new passwords differ.", badCredentials: "Wrong account or password.", locked: "Too many failed attempts; try again later.",
  staffOnly: "The operations centre is for staff: this account may not view it.", networkError: "Cannot reach the server; try again.",
  language: "中文", languageLabel: "Switch to Chinese",
  kpiOpen: "Open cases", kpiOverdue: "Overdue cases", kpiOnTime: "On-time closure", kpiTotal: "All cases", kpiAlerts: "Environment alerts", kpiAqi: "Highest AQI",
  noData: "No data", notDeployed: "Not deployed", unavailable: "Service unavailable", noPermission: "Not permitted",
  casesPanel: "City-management cases", mapTitle: "Open cases by subdistrict", environmentPanel: "Air quality (HJ 633)",
  tourismPanel: "Scenic spots", videoPanel: "Video coverage", investmentPanel: "Investment funnel", socialPanel: "Social security",
  details: "Details", back: "Back to overview", overdueList: "Overdue cases", openAlerts: "Open alerts",
  station: "Station", aqi: "AQI", category: "Category", primary: "Primary pollutant",
  live: "Live", liveOff: "Live updates lost, reconnecting…", liveConfigured: "Live updates off",
  status: "Status", subdistrict: "Subdistrict", all: "All", overdueOnly: "Overdue only", filter: "Filter", created: "Reported",
  category2: "Category", caseId: "Case", description: "Description", severity: "Severity", raisedAt: "Raised", value: "Value",
  unitsOf: "unit grids", showUnits: "Show unit grids", districtView: "District", latestOf: " (latest {n})",
  occupancy: "Inside / capacity", coverage: "Cameras per km²", funnel: "Stage", weighted: "Weighted pipeline",
  careWaiting: "Care requests waiting", careOverdue: "Care requests overdue", aidIncomplete: "Aid checks incomplete",
  insideNow: "Inside now", entriesToday: "Entries today", flowCurve: "Today's visitor flow", spot: "Scenic spot", level: "Warning level", dailyLoad: "Entries today / daily capacity",
  lvNormal: "Normal", lvYellow: "Yellow (80 %)", lvOrange: "Orange (90 %)", lvRed: "Red (100 %)", salesStopped: "Sales stopped", oneOutOneIn: "One out, one in",
  allLevels: "All levels", atLeast: "At least",
  camerasOffline: "Cameras offline", perKm2: "Per km²", gap158: "Short of 158", gap205: "Short of 205", districtDensity: "District density", camera: "Camera",
  online: "Online", offlineOnly: "Offline only", onlineOnly: "Online only", cameraStatus: "Status", owner: "Owner", more: "or more",
  reached: "Projects reached", conversion: "Conversion", staleProjects: "Stale projects", project: "Project", amountWan: "Planned (10k yuan)", stage: "Stage",
  probability: "Probability", staleOnly: "Stale only", industryChain: "Industry chain", wan: "×10k yuan", month: "Month end",
  careEscalated: "Escalated to a case", serviceType: "Service", dueTime: "Due", state: "State", careRequests: "Care requests",
  liveEvents: "Live alerts", evCrowding: "Crowding warning", evCrowdingCleared: "Crowding cleared", evDetection: "Video alert", evOffline: "Camera offline",
  evOnline: "Camera back online", evStage: "Project stage changed", evEscalated: "Care request escalated",
  updated: "Updated", skip: "Skip to main content", mapLabel: "Map of open cases per subdistrict of Jiulongpo",
};

const STATUS: Record<Lang, Record<string, string>> = {
  "zh-CN": { REPORTED: "待立案", REGISTERED: "已立案", DISPATCHED: "已派遣", IN_PROGRESS: "处置中", RESOLVED: "待核查",
    RETURNED: "已退回", REOPENED: "返工", CLOSED: "已结案", REJECTED: "不予立案", CANCELLED: "已撤销" },
  en: { REPORTED: "Reported", REGISTERED: "Registered", DISPATCHED: "Dispatched", IN_PROGRESS: "In progress", RESOLVED: "Resolved",
    RETURNED: "Returned", REOPENED: "Reopened", CLOSED: "Closed", REJECTED: "Rejected", CANCELLED: "Cancelled" },
};

/** Names of the other services' enum values (proto3 JSON names) the lists show. */
const ENUMS: Record<Lang, Record<string, string>> = {
  "zh-CN": { WAITING: "待派单", ASSIGNED: "待接单", ACCEPTED: "已接单", IN_SERVICE: "服务中", COMPLETED: "已完成",
    EMERGENCY_AID: "紧急救助", MEALS: "助餐", CLEANING: "助洁", BATHING: "助浴", MEDICAL_ESCORT: "助医", DAILY_CARE: "生活照料",
    ON: "在线", OFF: "离线", VLOST: "视频丢失", DEFECT: "设备故障", STALE: "状态未知", CAMERA_STATUS_UNSPECIFIED: "未上报",
    OPEN: "在谈", WON: "已签约", LOST: "流失", PAUSED: "暂缓", SIGNED: "签约",
    INSTANTANEOUS: "瞬时客流", DAILY: "日客流", MINOR: "一般", MAJOR: "较重", CRITICAL: "严重",
    smoke_fire: "烟火", illegal_parking: "违章停车", crowding: "人员聚集", littering: "乱扔垃圾", intrusion: "闯入",
    road_damage: "道路破损", illegal_vending: "占道经营", waterlogging: "积水", garbage_overflow: "垃圾满溢",
    illegal_fishing: "违规垂钓", fallen_tree: "树木倒伏", illegal_construction: "违章建设" },
  en: { WAITING: "Waiting", ASSIGNED: "Offered", ACCEPTED: "Accepted", IN_SERVICE: "In service", COMPLETED: "Completed",
    EMERGENCY_AID: "Emergency aid", MEALS: "Meals", CLEANING: "Cleaning", BATHING: "Bathing", MEDICAL_ESCORT: "Medical escort", DAILY_CARE: "Daily care",
    ON: "Online", OFF: "Offline", VLOST: "Video lost", DEFECT: "Device fault", STALE: "Unknown", CAMERA_STATUS_UNSPECIFIED: "Not reported",
    OPEN: "Open", WON: "Won", LOST: "Lost", PAUSED: "Paused", SIGNED: "Signed",
    INSTANTANEOUS: "inside now", DAILY: "entries today", MINOR: "minor", MAJOR: "major", CRITICAL: "critical",
    smoke_fire: "smoke or fire", illegal_parking: "illegal parking", crowding: "crowding", littering: "littering", intrusion: "intrusion",
    road_damage: "road damage", illegal_vending: "street vending", waterlogging: "waterlogging", garbage_overflow: "overflowing bin",
    illegal_fishing: "illegal fishing", fallen_tree: "fallen tree", illegal_construction: "illegal construction" },
};

let current: Lang = "zh-CN";
export const lang = (): Lang => current;
export function setLang(next: Lang): void {
  current = next;
  document.documentElement.lang = next;
}
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text = current === "en" ? en[key] : zh[key];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ""));
}
export const statusName = (s: string): string => STATUS[current][s] ?? s;
export const enumName = (s: string | undefined): string => (s ? ENUMS[current][s] ?? STATUS[current][s] ?? s : "—");
export function formatPercent(x: number | null): string {
  return x === null ? "—" : new Intl.NumberFormat(current, { style: "percent", maximumFractionDigits: 1 }).format(x);
}
export function formatTime(iso: string | undefined | null): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(current, { dateStyle: "short", timeStyle: "short", timeZone: "Asia/Shanghai" }).format(new Date(iso));
}
export type { Key };
