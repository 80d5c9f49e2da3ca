"""ContactDesk: desktop CRM and contact-center client for a retail bank."""

__version__ = "0.1.0"
APP_NAME = "ContactDesk"
