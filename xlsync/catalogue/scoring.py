"""x"""

TEXTS: dict = {}
