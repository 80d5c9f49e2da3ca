"""Database layer: models, engine, repositories, migrations, seed data.

Nothing in this package may import PySide6 or ``desktop``.
"""
