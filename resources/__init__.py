"""The program's data files (fee tables, catalogs, fonts, translations), shipped as package data.

Read through ``app.resources`` (``importlib.resources``), so they are found in a checkout, an installed
wheel and a frozen build alike.
"""
