"""Fixed reference data: roles, products, call queues, disposition codes, SLA policies, tiers."""

from __future__ import annotations

from dataclasses import dataclass

ROLES: tuple[tuple[str, str, str], ...] = (
    ("agent", "坐席", "Agent"),
    ("lobby_manager", "大堂经理", "Lobby manager"),
    ("customer_manager", "客户经理", "Customer manager"),
    ("supervisor", "班组长", "Supervisor"),
    ("admin", "管理员", "Administrator"),
)


@dataclass(frozen=True)
class ProductSpec:
    code: str
    kind: str
    name: str
    risk_rating: str | None
    rate: float | None  # per cent per year
    term_months: int | None


PRODUCTS: tuple[ProductSpec, ...] = (
    ProductSpec("CUR-CNY", "current", "活期储蓄账户", None, 0.10, None),
    ProductSpec("CUR-PAY", "current", "薪资卡账户", None, 0.10, None),
    ProductSpec("TD-3M", "term_deposit", "整存整取三个月", None, 0.80, 3),
    ProductSpec("TD-6M", "term_deposit", "整存整取六个月", None, 1.05, 6),
    ProductSpec("TD-1Y", "term_deposit", "整存整取一年", None, 1.25, 12),
    ProductSpec("TD-2Y", "term_deposit", "整存整取二年", None, 1.35, 24),
    ProductSpec("TD-3Y", "term_deposit", "整存整取三年", None, 1.65, 36),
    ProductSpec("TD-5Y", "term_deposit", "整存整取五年", None, 1.70, 60),
    ProductSpec("CD-1Y", "term_deposit", "大额存单一年期", None, 1.50, 12),
    ProductSpec("CD-3Y", "term_deposit", "大额存单三年期", None, 1.90, 36),
    ProductSpec("WM-30D", "wealth", "稳利30天持有期理财", "R2", 2.10, 1),
    ProductSpec("WM-90D", "wealth", "季季盈90天理财", "R2", 2.45, 3),
    ProductSpec("WM-180D", "wealth", "半年盈180天理财", "R2", 2.70, 6),
    ProductSpec("WM-1Y", "wealth", "安享一年期理财", "R3", 3.05, 12),
    ProductSpec("WM-PLUS", "wealth", "睿远增强固收理财", "R3", 3.40, 12),
    ProductSpec("WM-PB", "wealth", "私享权益精选理财", "R4", 4.20, 24),
    ProductSpec("FD-MMF", "fund", "天天利货币基金", "R1", 1.60, None),
    ProductSpec("FD-BOND", "fund", "稳健债券基金A", "R2", None, None),
    ProductSpec("FD-MIX", "fund", "均衡混合基金", "R3", None, None),
    ProductSpec("FD-EQ", "fund", "成长股票基金", "R4", None, None),
    ProductSpec("FD-IDX", "fund", "沪深300指数基金", "R4", None, None),
    ProductSpec("FD-QDII", "fund", "全球科技QDII基金", "R5", None, None),
    ProductSpec("INS-LIFE", "insurance", "鑫享终身寿险", "R2", None, None),
    ProductSpec("INS-ANN", "insurance", "金福年金保险", "R2", None, None),
    ProductSpec("INS-CI", "insurance", "安康重大疾病保险", "R1", None, None),
    ProductSpec("INS-MED", "insurance", "百万医疗保险", "R1", None, None),
    ProductSpec("INS-ACC", "insurance", "出行意外保险", "R1", None, None),
    ProductSpec("LN-MTG", "loan", "个人住房贷款", None, 3.55, 300),
    ProductSpec("LN-CON", "loan", "个人消费贷款", None, 3.95, 36),
    ProductSpec("LN-BIZ", "loan", "个人经营贷款", None, 3.45, 36),
    ProductSpec("LN-CAR", "loan", "个人汽车贷款", None, 3.80, 60),
    ProductSpec("CC-STD", "credit_card", "标准信用卡", None, None, None),
    ProductSpec("CC-GOLD", "credit_card", "金卡信用卡", None, None, None),
    ProductSpec("CC-PLAT", "credit_card", "白金信用卡", None, None, None),
    ProductSpec("CC-DIAM", "credit_card", "钻石信用卡", None, None, None),
    ProductSpec("CC-COBR", "credit_card", "联名信用卡（航空）", None, None, None),
    ProductSpec("DC-STD", "debit_card", "借记卡普卡", None, None, None),
    ProductSpec("DC-GOLD", "debit_card", "借记卡金卡", None, None, None),
    ProductSpec("DC-PLAT", "debit_card", "借记卡白金卡", None, None, None),
    ProductSpec("DC-PB", "debit_card", "私人银行借记卡", None, None, None),
)

# (name, zh, en, skills, service level s, VIP priority)
QUEUES: tuple[tuple[str, str, str, list[str], int, bool], ...] = (
    ("general", "综合业务", "General", ["general"], 20, True),
    ("vip", "贵宾专线", "VIP line", ["vip"], 10, True),
    ("credit_card", "信用卡", "Credit cards", ["credit_card"], 20, True),
    ("complaints", "投诉受理", "Complaints", ["complaints"], 30, True),
)

# (code, parent code, zh, en)
DISPOSITIONS: tuple[tuple[str, str | None, str, str], ...] = (
    ("inquiry", None, "咨询", "Inquiry"),
    ("inquiry.balance", "inquiry", "账户余额查询", "Balance inquiry"),
    ("inquiry.product", "inquiry", "产品咨询", "Product inquiry"),
    ("inquiry.rate", "inquiry", "利率及费用咨询", "Rates and fees"),
    ("service", None, "业务办理", "Service request"),
    ("service.card_loss", "service", "挂失及补卡", "Card loss / replacement"),
    ("service.password", "service", "密码重置", "Password reset"),
    ("service.update_info", "service", "客户信息变更", "Update of details"),
    ("service.transfer", "service", "转账汇款问题", "Transfer issue"),
    ("complaint", None, "投诉", "Complaint"),
    ("complaint.fee", "complaint", "收费争议", "Fee dispute"),
    ("complaint.service", "complaint", "服务质量", "Service quality"),
    ("complaint.transaction", "complaint", "交易争议", "Transaction dispute"),
    ("sales", None, "营销", "Sales"),
    ("sales.interested", "sales", "有意向", "Interested"),
    ("sales.declined", "sales", "婉拒", "Declined"),
    ("other", None, "其他", "Other"),
    ("other.no_answer", "other", "未接通", "No answer"),
)

# (name, ticket kind, severity, regulatory, complex, extension days, calendar days, first response min,
#  next update min, warn points as ISO 8601 durations before the deadline)
SLA_POLICIES: tuple[tuple[str, str, str | None, int | None, int | None, int | None, bool, int, int, list[str]], ...] = (
    ("complaint_standard", "complaint", None, 15, 30, 30, True, 1440, 4320, ["P3D", "P1D", "PT4H"]),
    ("complaint_major", "complaint", "major", 15, 30, 30, True, 240, 1440, ["P5D", "P2D", "P1D", "PT4H"]),
    ("service_standard", "service", None, None, None, None, False, 240, 1440, ["PT4H", "PT1H"]),
)

# AUM tiers: (tier, lower bound in CNY, VIP level, segment)
TIERS: tuple[tuple[str, int, int, str], ...] = (
    ("mass", 0, 0, "mass"),
    ("affluent", 50_000, 1, "mass_affluent"),
    ("gold", 200_000, 2, "affluent"),
    ("platinum", 500_000, 3, "affluent"),
    ("diamond", 2_000_000, 4, "high_net_worth"),
    ("private", 6_000_000, 5, "private_banking"),
)
TIER_NAMES = tuple(t[0] for t in TIERS)
SEGMENT_NAMES = tuple(t[3] for t in TIERS)
TIER_FLOORS = tuple(t[1] for t in TIERS)

LIFECYCLE_STAGES = ("prospect", "onboarding", "active", "growing", "mature", "dormant", "churn_risk")
RISK_LEVELS = ("C1", "C2", "C3", "C4", "C5")
ALERT_FLAGS = ("fraud_watch", "elderly", "do_not_call", "vulnerable")
CONSENT_CHANNELS = ("sms", "email", "call", "wechat")
CONSENT_PURPOSES = ("service", "marketing")
CONSENT_SOURCES = ("branch_form", "mobile_app", "online_banking", "call_center")
