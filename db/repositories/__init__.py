"""Query functions over the models; each takes an open SQLAlchemy Connection."""
