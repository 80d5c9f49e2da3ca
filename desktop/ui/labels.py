"""Code values from the database (English codes) and the translatable labels shown for them.

One table per kind of code.  ``QT_TRANSLATE_NOOP`` marks the English labels for lupdate; the
functions translate at call time so a language switch takes effect at once.  Unknown codes are
shown as they are, never hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from .translate import QT_TRANSLATE_NOOP

CONTEXT = "Codes"

TIERS = {
    "mass": QT_TRANSLATE_NOOP("Codes", "Standard"),
    "standard": QT_TRANSLATE_NOOP("Codes", "Standard"),
    "silver": QT_TRANSLATE_NOOP("Codes", "Silver"),
    "gold": QT_TRANSLATE_NOOP("Codes", "Gold"),
    "platinum": QT_TRANSLATE_NOOP("Codes", "Platinum"),
    "diamond": QT_TRANSLATE_NOOP("Codes", "Diamond"),
    "black": QT_TRANSLATE_NOOP("Codes", "Black"),
    "private": QT_TRANSLATE_NOOP("Codes", "Private banking"),
    "private_banking": QT_TRANSLATE_NOOP("Codes", "Private banking"),
    "affluent": QT_TRANSLATE_NOOP("Codes", "Affluent"),
}
TIER_COLORS = {
    "mass": "#7b8794",
    "standard": "#7b8794",
    "silver": "#8a97a8",
    "gold": "#b8860b",
    "affluent": "#b8860b",
    "platinum": "#4f6d8f",
    "diamond": "#1f6fb2",
    "black": "#2b2f36",
    "private": "#6a3d9a",
    "private_banking": "#6a3d9a",
}
LIFECYCLE = {
    "prospect": QT_TRANSLATE_NOOP("Codes", "Prospect"),
    "new": QT_TRANSLATE_NOOP("Codes", "New customer"),
    "onboarding": QT_TRANSLATE_NOOP("Codes", "Onboarding"),
    "growing": QT_TRANSLATE_NOOP("Codes", "Growing"),
    "growth": QT_TRANSLATE_NOOP("Codes", "Growing"),
    "active": QT_TRANSLATE_NOOP("Codes", "Active"),
    "mature": QT_TRANSLATE_NOOP("Codes", "Mature"),
    "loyal": QT_TRANSLATE_NOOP("Codes", "Loyal"),
    "declining": QT_TRANSLATE_NOOP("Codes", "Declining"),
    "at_risk": QT_TRANSLATE_NOOP("Codes", "At risk"),
    "dormant": QT_TRANSLATE_NOOP("Codes", "Dormant"),
    "churn_risk": QT_TRANSLATE_NOOP("Codes", "Churn risk"),
    "churned": QT_TRANSLATE_NOOP("Codes", "Churned"),
    "lost": QT_TRANSLATE_NOOP("Codes", "Lost"),
    "closed": QT_TRANSLATE_NOOP("Codes", "Closed"),
}
SEGMENTS = {
    "mass": QT_TRANSLATE_NOOP("Codes", "Mass retail"),
    "mass_affluent": QT_TRANSLATE_NOOP("Codes", "Mass affluent"),
    "affluent": QT_TRANSLATE_NOOP("Codes", "Affluent"),
    "hnw": QT_TRANSLATE_NOOP("Codes", "High net worth"),
    "high_net_worth": QT_TRANSLATE_NOOP("Codes", "High net worth"),
    "private_banking": QT_TRANSLATE_NOOP("Codes", "Private banking"),
    "uhnw": QT_TRANSLATE_NOOP("Codes", "Ultra high net worth"),
    "private": QT_TRANSLATE_NOOP("Codes", "Private banking"),
    "young": QT_TRANSLATE_NOOP("Codes", "Young professional"),
    "youth": QT_TRANSLATE_NOOP("Codes", "Youth"),
    "senior": QT_TRANSLATE_NOOP("Codes", "Senior"),
    "retiree": QT_TRANSLATE_NOOP("Codes", "Retiree"),
    "payroll": QT_TRANSLATE_NOOP("Codes", "Payroll"),
    "business_owner": QT_TRANSLATE_NOOP("Codes", "Business owner"),
    "sme_owner": QT_TRANSLATE_NOOP("Codes", "Business owner"),
    "student": QT_TRANSLATE_NOOP("Codes", "Student"),
}
CHANNELS = {
    "call_in": QT_TRANSLATE_NOOP("Codes", "Inbound call"),
    "call_out": QT_TRANSLATE_NOOP("Codes", "Outbound call"),
    "sms": QT_TRANSLATE_NOOP("Codes", "SMS"),
    "email": QT_TRANSLATE_NOOP("Codes", "E-mail"),
    "wechat": QT_TRANSLATE_NOOP("Codes", "WeChat"),
    "branch_visit": QT_TRANSLATE_NOOP("Codes", "Branch visit"),
    "visit": QT_TRANSLATE_NOOP("Codes", "Customer visit"),
    "event": QT_TRANSLATE_NOOP("Codes", "Event"),
    "phone": QT_TRANSLATE_NOOP("Codes", "Phone"),
    "call": QT_TRANSLATE_NOOP("Codes", "Phone"),
    "voice": QT_TRANSLATE_NOOP("Codes", "Phone"),
    "app": QT_TRANSLATE_NOOP("Codes", "Mobile app"),
    "mail": QT_TRANSLATE_NOOP("Codes", "Post"),
    "post": QT_TRANSLATE_NOOP("Codes", "Post"),
    "branch": QT_TRANSLATE_NOOP("Codes", "Branch"),
    "web": QT_TRANSLATE_NOOP("Codes", "Online"),
}
DIRECTIONS = {
    "in": QT_TRANSLATE_NOOP("Codes", "From customer"),
    "inbound": QT_TRANSLATE_NOOP("Codes", "From customer"),
    "out": QT_TRANSLATE_NOOP("Codes", "From bank"),
    "outbound": QT_TRANSLATE_NOOP("Codes", "From bank"),
    "none": QT_TRANSLATE_NOOP("Codes", "—"),
}
PRODUCT_KINDS = {
    "current": QT_TRANSLATE_NOOP("Codes", "Current account"),
    "term_deposit": QT_TRANSLATE_NOOP("Codes", "Term deposit"),
    "wealth": QT_TRANSLATE_NOOP("Codes", "Wealth management"),
    "fund": QT_TRANSLATE_NOOP("Codes", "Fund"),
    "insurance": QT_TRANSLATE_NOOP("Codes", "Insurance"),
    "loan": QT_TRANSLATE_NOOP("Codes", "Loan"),
    "credit_card": QT_TRANSLATE_NOOP("Codes", "Credit card"),
    "debit_card": QT_TRANSLATE_NOOP("Codes", "Debit card"),
}
HOLDING_STATUS = {
    "active": QT_TRANSLATE_NOOP("Codes", "In force"),
    "matured": QT_TRANSLATE_NOOP("Codes", "Matured"),
    "closed": QT_TRANSLATE_NOOP("Codes", "Account closed"),
    "dormant": QT_TRANSLATE_NOOP("Codes", "Dormant"),
    "frozen": QT_TRANSLATE_NOOP("Codes", "Frozen"),
    "overdue": QT_TRANSLATE_NOOP("Codes", "Overdue"),
    "redeemed": QT_TRANSLATE_NOOP("Codes", "Redeemed"),
    "pending": QT_TRANSLATE_NOOP("Codes", "Pending"),
    "lost": QT_TRANSLATE_NOOP("Codes", "Reported lost"),
}
TICKET_KINDS = {
    "complaint": QT_TRANSLATE_NOOP("Codes", "Complaint"),
    "service": QT_TRANSLATE_NOOP("Codes", "Service request"),
    "service_request": QT_TRANSLATE_NOOP("Codes", "Service request"),
    "inquiry": QT_TRANSLATE_NOOP("Codes", "Inquiry"),
    "enquiry": QT_TRANSLATE_NOOP("Codes", "Inquiry"),
    "suggestion": QT_TRANSLATE_NOOP("Codes", "Suggestion"),
    "praise": QT_TRANSLATE_NOOP("Codes", "Praise"),
}
TICKET_STATUS = {
    "new": QT_TRANSLATE_NOOP("Codes", "New"),
    "acknowledged": QT_TRANSLATE_NOOP("Codes", "Acknowledged"),
    "in_progress": QT_TRANSLATE_NOOP("Codes", "In progress"),
    "pending_customer": QT_TRANSLATE_NOOP("Codes", "Waiting for customer"),
    "pending_internal": QT_TRANSLATE_NOOP("Codes", "Waiting internally"),
    "decided": QT_TRANSLATE_NOOP("Codes", "Decided"),
    "closed": QT_TRANSLATE_NOOP("Codes", "Closed"),
    "reopened": QT_TRANSLATE_NOOP("Codes", "Reopened"),
    "merged": QT_TRANSLATE_NOOP("Codes", "Merged"),
}
SEVERITY = {
    "low": QT_TRANSLATE_NOOP("Codes", "Low"),
    "normal": QT_TRANSLATE_NOOP("Codes", "Normal"),
    "medium": QT_TRANSLATE_NOOP("Codes", "Medium"),
    "high": QT_TRANSLATE_NOOP("Codes", "High"),
    "urgent": QT_TRANSLATE_NOOP("Codes", "Urgent"),
    "critical": QT_TRANSLATE_NOOP("Codes", "Critical"),
    "major": QT_TRANSLATE_NOOP("Codes", "Major"),
    "minor": QT_TRANSLATE_NOOP("Codes", "Minor"),
}
REMINDER_KINDS = {
    "deposit_maturity": QT_TRANSLATE_NOOP("Codes", "Deposit maturity"),
    "birthday": QT_TRANSLATE_NOOP("Codes", "Birthday"),
    "follow_up": QT_TRANSLATE_NOOP("Codes", "Follow-up"),
    "callback": QT_TRANSLATE_NOOP("Codes", "Call back"),
    "memo": QT_TRANSLATE_NOOP("Codes", "Memo"),
    "document_expiry": QT_TRANSLATE_NOOP("Codes", "ID document expiry"),
}
ROLES = {
    "agent": QT_TRANSLATE_NOOP("Codes", "Call-center agent"),
    "lobby_manager": QT_TRANSLATE_NOOP("Codes", "Lobby manager"),
    "customer_manager": QT_TRANSLATE_NOOP("Codes", "Customer manager"),
    "supervisor": QT_TRANSLATE_NOOP("Codes", "Supervisor"),
    "admin": QT_TRANSLATE_NOOP("Codes", "Administrator"),
}
GENDERS = {
    "M": QT_TRANSLATE_NOOP("Codes", "Male"),
    "F": QT_TRANSLATE_NOOP("Codes", "Female"),
    "U": QT_TRANSLATE_NOOP("Codes", "Unknown"),
}
ID_TYPES = {
    "resident_id": QT_TRANSLATE_NOOP("Codes", "Resident ID"),
    "id_card": QT_TRANSLATE_NOOP("Codes", "Resident ID"),
    "passport": QT_TRANSLATE_NOOP("Codes", "Passport"),
    "hk_macau_permit": QT_TRANSLATE_NOOP("Codes", "HK/Macau permit"),
    "taiwan_permit": QT_TRANSLATE_NOOP("Codes", "Taiwan permit"),
    "foreigner_permit": QT_TRANSLATE_NOOP("Codes", "Foreigner residence permit"),
}
CONSENT_PURPOSES = {
    "marketing": QT_TRANSLATE_NOOP("Codes", "Marketing"),
    "service": QT_TRANSLATE_NOOP("Codes", "Service"),
    "notice": QT_TRANSLATE_NOOP("Codes", "Notices"),
    "survey": QT_TRANSLATE_NOOP("Codes", "Surveys"),
}
RISK_LEVELS = {
    "R1": QT_TRANSLATE_NOOP("Codes", "R1 Conservative"),
    "R2": QT_TRANSLATE_NOOP("Codes", "R2 Cautious"),
    "R3": QT_TRANSLATE_NOOP("Codes", "R3 Balanced"),
    "R4": QT_TRANSLATE_NOOP("Codes", "R4 Growth"),
    "R5": QT_TRANSLATE_NOOP("Codes", "R5 Aggressive"),
    "C1": QT_TRANSLATE_NOOP("Codes", "C1 Conservative"),
    "C2": QT_TRANSLATE_NOOP("Codes", "C2 Cautious"),
    "C3": QT_TRANSLATE_NOOP("Codes", "C3 Balanced"),
    "C4": QT_TRANSLATE_NOOP("Codes", "C4 Growth"),
    "C5": QT_TRANSLATE_NOOP("Codes", "C5 Aggressive"),
}
ALERT_FLAGS = {
    "vulnerable": QT_TRANSLATE_NOOP("Codes", "Vulnerable customer"),
    "elderly": QT_TRANSLATE_NOOP("Codes", "Elderly customer"),
    "fraud_risk": QT_TRANSLATE_NOOP("Codes", "Fraud risk"),
    "fraud_watch": QT_TRANSLATE_NOOP("Codes", "Fraud watch"),
    "fraud_victim": QT_TRANSLATE_NOOP("Codes", "Fraud victim"),
    "aml_watch": QT_TRANSLATE_NOOP("Codes", "AML watch"),
    "aml": QT_TRANSLATE_NOOP("Codes", "AML watch"),
    "complaint_risk": QT_TRANSLATE_NOOP("Codes", "Complaint risk"),
    "frequent_complainer": QT_TRANSLATE_NOOP("Codes", "Frequent complaints"),
    "escalation_risk": QT_TRANSLATE_NOOP("Codes", "Escalation risk"),
    "do_not_call": QT_TRANSLATE_NOOP("Codes", "Do not call"),
    "deceased": QT_TRANSLATE_NOOP("Codes", "Deceased"),
    "frozen": QT_TRANSLATE_NOOP("Codes", "Account frozen"),
    "account_frozen": QT_TRANSLATE_NOOP("Codes", "Account frozen"),
    "kyc_expired": QT_TRANSLATE_NOOP("Codes", "KYC expired"),
    "id_expired": QT_TRANSLATE_NOOP("Codes", "ID document expired"),
    "id_expiring": QT_TRANSLATE_NOOP("Codes", "ID document expiring"),
    "overdue": QT_TRANSLATE_NOOP("Codes", "Overdue loan"),
    "loan_overdue": QT_TRANSLATE_NOOP("Codes", "Overdue loan"),
    "hearing_impaired": QT_TRANSLATE_NOOP("Codes", "Hearing impaired"),
    "pep": QT_TRANSLATE_NOOP("Codes", "Politically exposed person"),
    "vip_attention": QT_TRANSLATE_NOOP("Codes", "VIP attention"),
    "media_sensitive": QT_TRANSLATE_NOOP("Codes", "Media sensitive"),
}
# The seeded disposition tree; a disposition code not listed here is shown as it is.
DISPOSITIONS = {
    "inquiry": QT_TRANSLATE_NOOP("Codes", "Inquiry"),
    "inquiry.balance": QT_TRANSLATE_NOOP("Codes", "Balance inquiry"),
    "inquiry.product": QT_TRANSLATE_NOOP("Codes", "Product inquiry"),
    "inquiry.rate": QT_TRANSLATE_NOOP("Codes", "Rates and fees"),
    "service": QT_TRANSLATE_NOOP("Codes", "Service request"),
    "service.card_loss": QT_TRANSLATE_NOOP("Codes", "Card loss / replacement"),
    "service.password": QT_TRANSLATE_NOOP("Codes", "Password reset"),
    "service.update_info": QT_TRANSLATE_NOOP("Codes", "Update of details"),
    "service.transfer": QT_TRANSLATE_NOOP("Codes", "Transfer issue"),
    "complaint": QT_TRANSLATE_NOOP("Codes", "Complaint"),
    "complaint.fee": QT_TRANSLATE_NOOP("Codes", "Fee dispute"),
    "complaint.service": QT_TRANSLATE_NOOP("Codes", "Service quality"),
    "complaint.transaction": QT_TRANSLATE_NOOP("Codes", "Transaction dispute"),
    "sales": QT_TRANSLATE_NOOP("Codes", "Sales"),
    "sales.interested": QT_TRANSLATE_NOOP("Codes", "Interested"),
    "sales.declined": QT_TRANSLATE_NOOP("Codes", "Declined"),
    "other": QT_TRANSLATE_NOOP("Codes", "Other"),
    "other.no_answer": QT_TRANSLATE_NOOP("Codes", "No answer"),
}
# Results written on the timeline besides dispositions: a message's delivery state (``failed:21610`` carries
# the provider's error code), a settled send, a transfer, the customer's SMS reply.
OUTCOMES = {
    "pending": QT_TRANSLATE_NOOP("Codes", "Waiting to send"),
    "held": QT_TRANSLATE_NOOP("Codes", "Held back"),
    "paused": QT_TRANSLATE_NOOP("Codes", "Sending paused"),
    "sending": QT_TRANSLATE_NOOP("Codes", "Sending"),
    "unknown": QT_TRANSLATE_NOOP("Codes", "Outcome unknown"),
    "queued": QT_TRANSLATE_NOOP("Codes", "Queued"),
    "sent": QT_TRANSLATE_NOOP("Codes", "Sent"),
    "delivered": QT_TRANSLATE_NOOP("Codes", "Delivered"),
    "undelivered": QT_TRANSLATE_NOOP("Codes", "Not delivered"),
    "failed": QT_TRANSLATE_NOOP("Codes", "Sending failed"),
    "skipped": QT_TRANSLATE_NOOP("Codes", "Skipped"),
    "cancelled": QT_TRANSLATE_NOOP("Codes", "Sending cancelled"),
    "marked_sent": QT_TRANSLATE_NOOP("Codes", "Confirmed delivered"),
    "resent": QT_TRANSLATE_NOOP("Codes", "Sent again"),
    "transferred": QT_TRANSLATE_NOOP("Codes", "Transferred"),
    "reply": QT_TRANSLATE_NOOP("Codes", "Customer replied"),
    "survey_reply": QT_TRANSLATE_NOOP("Codes", "Survey answered"),
    "csat_reply": QT_TRANSLATE_NOOP("Codes", "Call survey answered"),
    "opt_out": QT_TRANSLATE_NOOP("Codes", "Opted out"),
}
TICKET_CATEGORIES = {
    "fee_dispute": QT_TRANSLATE_NOOP("Codes", "Fee dispute"),
    "service_quality": QT_TRANSLATE_NOOP("Codes", "Service quality"),
    "wait_time": QT_TRANSLATE_NOOP("Codes", "Waiting time"),
    "transaction_dispute": QT_TRANSLATE_NOOP("Codes", "Transaction dispute"),
    "wealth_misselling": QT_TRANSLATE_NOOP("Codes", "Mis-selling of wealth product"),
    "collection": QT_TRANSLATE_NOOP("Codes", "Debt collection"),
    "app_issue": QT_TRANSLATE_NOOP("Codes", "Mobile banking problem"),
    "card_service": QT_TRANSLATE_NOOP("Codes", "Card service"),
    "card_replacement": QT_TRANSLATE_NOOP("Codes", "Card replacement"),
    "statement": QT_TRANSLATE_NOOP("Codes", "Certificate / statement"),
    "update_info": QT_TRANSLATE_NOOP("Codes", "Update of details"),
    "limit_change": QT_TRANSLATE_NOOP("Codes", "Limit change"),
}
LANGUAGES = {
    "zh_CN": QT_TRANSLATE_NOOP("Codes", "Chinese"),
    "zh": QT_TRANSLATE_NOOP("Codes", "Chinese"),
    "en": QT_TRANSLATE_NOOP("Codes", "English"),
    "yue": QT_TRANSLATE_NOOP("Codes", "Cantonese"),
}
SEARCH_KINDS = {
    "phone": QT_TRANSLATE_NOOP("Codes", "phone number"),
    "name": QT_TRANSLATE_NOOP("Codes", "name"),
    "pinyin": QT_TRANSLATE_NOOP("Codes", "pinyin"),
    "id_tail": QT_TRANSLATE_NOOP("Codes", "end of ID number"),
    "id_number": QT_TRANSLATE_NOOP("Codes", "ID number"),
    "cif": QT_TRANSLATE_NOOP("Codes", "CIF number"),
    "account": QT_TRANSLATE_NOOP("Codes", "account or card number"),
    "email": QT_TRANSLATE_NOOP("Codes", "e-mail address"),
}
SEARCH_MESSAGES = {
    "id_check_digit": QT_TRANSLATE_NOOP("Codes", "The check digit of this ID number is wrong. Please check it."),
    "bad_phone": QT_TRANSLATE_NOOP("Codes", "This is not a valid phone number."),
    "unrecognised": QT_TRANSLATE_NOOP(
        "Codes", "Could not tell what this is. Try a phone number, a name or the last 4–6 characters of an ID."
    ),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated label of ``code`` in ``table``; the code itself when unknown."""
    if code is None:
        return ""
    source = table.get(code)
    return QCoreApplication.translate(CONTEXT, source) if source else code


def all_labels(table: dict[str, str]) -> list[str]:
    """Every label of ``table`` in the current language (for measuring column widths)."""
    return [QCoreApplication.translate(CONTEXT, source) for source in dict.fromkeys(table.values())]


def tier(code: str | None) -> str:
    """Translated tier."""
    return label(TIERS, code)


def tier_color(code: str | None) -> str:
    """Badge colour of a tier."""
    return TIER_COLORS.get(code or "", "#7b8794")


def tier_badge(code: str | None, vip_level: int) -> str:
    """``金卡 · VIP3`` / ``Gold · VIP3``; just the tier for VIP level 0."""
    text = tier(code)
    return f"{text} · VIP{vip_level}" if vip_level else text


def lifecycle(code: str | None) -> str:
    """Translated lifecycle stage."""
    return label(LIFECYCLE, code)


def channel(code: str | None) -> str:
    """Translated contact channel."""
    return label(CHANNELS, code)


def role(code: str | None) -> str:
    """Translated role of a user."""
    return label(ROLES, code)


def outcome(code: str | None) -> str:
    """Translated result of a contact: a disposition, or a delivery state such as ``undelivered:30003``."""
    if not code:
        return ""
    if code in DISPOSITIONS:
        return label(DISPOSITIONS, code)
    state, _, error = code.partition(":")
    if state not in OUTCOMES:
        return code
    text = label(OUTCOMES, state)
    if not error:
        return text
    return QCoreApplication.translate("Codes", "{outcome} (error {code})").format(outcome=text, code=error)
